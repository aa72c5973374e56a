/**
 * The floor the benchmark compares against: DuckDB loading the same export files into typed tables and nothing
 * else (no checks, no linking, no metrics). CSV through `read_csv` with type detection; XLSX through the same
 * streaming reader the product uses. One file-backed database, as ingest has, in a scratch folder.
 *
 *   tsx bench/floor.ts --config FILE --work DIR
 * Prints one JSON line: { files, rows, seconds, csvSeconds, xlsxSeconds }.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { configPath, loadConfig } from "../loaders/contract/config.ts";
import { type DatasetName, datasetSpec } from "../loaders/contract/datasets/index.ts";
import { discoverExports } from "../loaders/discover.ts";
import { closeDb, one, openDb, run } from "../loaders/duckdb.ts";
import { loadXlsx, transcodeWindows1252 } from "../loaders/read-export.ts";

const { values } = parseArgs({ options: { config: { type: "string" }, work: { type: "string" } } });
if (!values.config || !values.work) throw new Error("usage: tsx bench/floor.ts --config FILE --work DIR");
const config = loadConfig(values.config);
const files = discoverExports(resolve(configPath(config, "exports")), config).filter((f) => !f.refusal);
const work = resolve(values.work);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const started = performance.now();
const db = await openDb(join(work, "floor.duckdb"), { temp_directory: join(work, "spill"), memory_limit: process.env.ALLIANCE_MEMORY_LIMIT ?? "6GB" });
let rows = 0;
const secondsByFormat = { csv: 0, xlsx: 0 };
try {
  for (const [index, file] of files.entries()) {
    const table = `t${index}`;
    const fileStarted = performance.now();
    if (file.format === "xlsx") {
      await loadXlsx(db, file.absolutePath, datasetSpec(file.dataset as DatasetName));
      await run(db, `create table ${table} as select * from raw`);
      await run(db, "drop table raw");
    } else {
      const load = (path: string) => run(db, `create or replace table ${table} as select * from read_csv($path, header = true)`, { path });
      // What Excel saves as CSV on Windows is not UTF-8: transcoded first, as ingest does.
      await load(file.absolutePath).catch(async () => {
        const utf8Copy = join(work, `${table}.utf8.csv`);
        await transcodeWindows1252(file.absolutePath, utf8Copy);
        await load(utf8Copy);
      });
    }
    rows += (await one<{ n: number }>(db, `select count(*)::integer as n from ${table}`)).n;
    secondsByFormat[file.format === "xlsx" ? "xlsx" : "csv"] += (performance.now() - fileStarted) / 1000;
  }
  await run(db, "checkpoint");
} finally {
  closeDb(db);
}
const seconds = (performance.now() - started) / 1000;
rmSync(work, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ files: files.length, rows, seconds, csvSeconds: secondsByFormat.csv, xlsxSeconds: secondsByFormat.xlsx }) + "\n");
