/**
 * `npx tsx bench/partner-kit-hes.ts EPISODES OUT_DIR`: writes a synthetic HES APC episode extract of EPISODES rows
 * (about 1.3 episodes per spell, valid NHS numbers from the 999 test range) and its mapping into OUT_DIR, for
 * `bench/partner-kit.ts OUT_DIR SYNTH 2024-25-Q3` to time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDb, literal, openDb, run } from "../loaders/duckdb.ts";

const [count = "1000000", outDir = "bench-data/kit"] = process.argv.slice(2);
const folder = join(outDir, "SYNTH", "2024-25-Q3");
mkdirSync(folder, { recursive: true });
const db = await openDb(":memory:", { threads: "2" });
await run(
  db,
  `copy (
    with spells as (
      select i, (999000000 + (i * 7919) % 900000)::varchar as nine, '2024-10-01'::date + (i % 92)::integer as admitted,
        1 + (i % 3 = 0)::integer + (i % 10 = 0)::integer as episodes, (i % 12)::integer as stay from range(${Number(count)} * 10 // 13) t(i)),
    numbered as (
      select *, 11 - list_sum(list_transform(range(1, 10), k -> substr(nine, k::integer, 1)::integer * (11 - k))) % 11 as chk from spells),
    valid as (select *, nine || case when chk = 11 then '0' else chk::varchar end as nhs from numbered where chk <> 10)
    select nhs as NEWNHSNO, 'SP' || i as PROVSPNOPS, lpad(e::varchar, 2, '0') as EPIORDER,
      strftime(admitted + (e - 1)::integer, '%Y-%m-%d') as EPISTART, strftime(admitted + e::integer, '%Y-%m-%d') as EPIEND,
      strftime(admitted, '%Y-%m-%d') as ADMIDATE, strftime(admitted + (stay + episodes)::integer, '%Y-%m-%d') as DISDATE,
      case when i % 4 = 0 then '11' when i % 17 = 0 then '2B' else '21' end as ADMIMETH, case when i % 9 = 0 then '55' else '19' end as ADMISORC,
      '1' as CLASSPAT, case when e = episodes then (case when i % 25 = 0 then '4' else '1' end) else '8' end as DISMETH,
      case when e = episodes then (case when i % 25 = 0 then '79' else '19' end) else '98' end as DISDEST
    from valid, range(1, episodes + 1) r(e)) to ${literal(join(folder, "apc_episodes.csv"))} (header)`,
);
closeDb(db);
writeFileSync(join(folder, "mapping.json"), JSON.stringify({ partner: "SYNTH", inputs: [{ file: "apc_episodes.csv", dataset: "admissions", preset: "hes-apc" }] }, null, 2));
console.log(folder);
