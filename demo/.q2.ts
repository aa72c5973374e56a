import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
await c.run(`create view spc as select * from read_csv('${process.argv[2]}/spc.csv', sample_size=-1)`);
for (const m of process.argv.slice(3)) {
  const r = (await c.runAndReadAll(`select substr(month::VARCHAR,3,5) m, round(value*100,2) v, round(centre*100,2) c, special_cause s, variation from spc where metric_id='${m}' and breakdown='alliance' order by month`)).getRowObjectsJS();
  console.log(m, r.map((x) => `${x.m}:${x.v}${x.s ? "*" + String(x.variation).slice(0, 5) : ""}`).join(" "));
}
