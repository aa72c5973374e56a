/**
 * Partner kit speed on the ics-scale native admissions: `npx tsx bench/kit-speed.ts [DIR] [--keys N]`.
 *
 * DIR (default /tmp/kit-ics) holds `demo-data --scale ics --native` output; when DIR/native is missing it is
 * written first (one heavy job: the ics demo, its ingest, then the native form; a few minutes and about 1 GB).
 * Then:
 * 1. keys for N distinct NHS numbers (default 1,000,000): the DuckDB function backed by Node's HMAC (JavaScript
 *    once per number) against HMAC-SHA-256 in DuckDB's own SQL (`kit/keys.ts`, no JavaScript per row); both
 *    checked equal.
 * 2. the kit, hes-apc preset only, on every ACUTE quarter of native HES APC episodes (in this process, one
 *    quarter at a time): episodes read, spells written, seconds and rows per second, each quarter and in all.
 * 3. the kit on all those episodes as one extract (every quarter's file end to end, as a trust's full HES
 *    extract), for the last quarter: every row is read, keyed and joined into spells; the spells of the other
 *    quarters are counted as outside the period.
 * Peak RSS is the process's, over the whole run. The machine may be shared: print `uptime` beside the figures.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { closeDb, one, openDb, run } from "../loaders/duckdb.ts";
import { KEY_FUNCTION, KEY_SQL, KEY_TABLE, registerPseudonymFunction, registerSqlKeys } from "../kit/keys.ts";
import type { Mapping } from "../kit/mapping.ts";
import { runPartnerKit } from "../kit/run.ts";

const args = process.argv.slice(2);
const keysAt = args.indexOf("--keys");
const keyCount = keysAt >= 0 ? Number(args[keysAt + 1]) : 1_000_000;
const dir = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--keys") ?? "/tmp/kit-ics");
const secret = Buffer.from("benchmark-secret-0123456789-abcdefghijklmnop");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const mb = (bytes: number) => Math.round(bytes / 1048576);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const native = join(dir, "native");
if (!existsSync(native)) {
  console.error(`kit-speed: writing the ics-scale demo and its native form under ${dir} (load ${load()})`);
  const gen = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "cli", "main.ts"), "demo-data", "--out", dir, "--scale", "ics", "--native"], { stdio: "inherit" });
  if (gen.status !== 0) throw new Error(`demo-data exited ${gen.status}`);
}

const acute = join(native, "ACUTE");
const quarters = readdirSync(acute)
  .filter((q) => existsSync(join(acute, q, "apc_episodes.csv")))
  .sort();
const sizes = quarters.map((q) => statSync(join(acute, q, "apc_episodes.csv")).size);
console.log(JSON.stringify({ extract: { dir: acute, quarters: quarters.length, episodesMb: mb(sizes.reduce((a, b) => a + b, 0)), largestQuarterMb: mb(Math.max(...sizes)) }, load: load() }));

// 1. Keys: JavaScript once per distinct number (Node's HMAC behind a DuckDB function) or DuckDB's own SQL.
{
  const db = await openDb(":memory:", { threads: "2" });
  registerPseudonymFunction(db, secret);
  await registerSqlKeys(db, secret);
  await run(db, `create table nhs as select (999000000 + i)::varchar || '0' as digits from range(${keyCount}) t(i)`);
  let t = performance.now();
  await run(db, `create table k_node as select digits, ${KEY_FUNCTION}(digits) as pseudonym from nhs`);
  const nodeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await run(db, `create table k_sql as select n.digits, ${KEY_SQL("n.digits")} as pseudonym from nhs n cross join ${KEY_TABLE}`);
  const sqlSeconds = (performance.now() - t) / 1000;
  const agree = (await one<{ n: number }>(db, "select count(*)::integer as n from k_node join k_sql using (digits, pseudonym)")).n === keyCount;
  closeDb(db);
  console.log(JSON.stringify({ keys: { distinct: keyCount, nodeHmacUdfSeconds: +nodeSeconds.toFixed(2), sqlHmacSeconds: +sqlSeconds.toFixed(2), agree }, load: load() }));
}

// 2. The kit, hes-apc only, on each ACUTE quarter.
const work = mkdtempSync(join(tmpdir(), "kit-speed-"));
try {
  const secretFile = join(work, "secret.key");
  writeFileSync(secretFile, secret.toString());
  let rowsRead = 0;
  let written = 0;
  let seconds = 0;
  for (const quarter of quarters) {
    const folder = join(acute, quarter);
    const mapping = JSON.parse(readFileSync(join(folder, "mapping.json"), "utf8")) as Mapping;
    const inputs = mapping.inputs.filter((i) => i.preset === "hes-apc").map((i) => ({ ...i, file: join(folder, i.file) }));
    const mappingFile = join(work, `mapping-${quarter}.json`);
    writeFileSync(mappingFile, JSON.stringify({ ...mapping, inputs }));
    const t = performance.now();
    const { report } = await runPartnerKit({ mappingFile, secretFile, period: quarter, outDir: join(work, "out") });
    const s = (performance.now() - t) / 1000;
    const read = report.inputs.reduce((sum, i) => sum + i.rowsRead, 0);
    const spells = report.outputs.reduce((sum, o) => sum + o.rows, 0);
    rowsRead += read;
    written += spells;
    seconds += s;
    console.log(JSON.stringify({ quarter, episodes: read, spells, seconds: +s.toFixed(2), rowsPerSecond: Math.round(read / s), load: load() }));
    rmSync(join(work, "out"), { recursive: true, force: true });
  }
  console.log(
    JSON.stringify({
      kit: { preset: "hes-apc", quarters: quarters.length, episodes: rowsRead, spells: written, seconds: +seconds.toFixed(1), rowsPerSecond: Math.round(rowsRead / seconds), peakRssMb: peakRssMb() },
      load: load(),
    }),
  );

  // 3. Every quarter's episodes as one extract.
  const all = join(work, "apc_episodes_all.csv");
  quarters.forEach((quarter, i) => {
    const text = readFileSync(join(acute, quarter, "apc_episodes.csv"), "utf8");
    appendFileSync(all, i === 0 ? text : text.slice(text.indexOf("\n") + 1));
  });
  const last = quarters.at(-1)!;
  const mapping = JSON.parse(readFileSync(join(acute, last, "mapping.json"), "utf8")) as Mapping;
  const mappingFile = join(work, "mapping-all.json");
  writeFileSync(mappingFile, JSON.stringify({ ...mapping, inputs: mapping.inputs.filter((i) => i.preset === "hes-apc").map((i) => ({ ...i, file: all })) }));
  const t = performance.now();
  const { report } = await runPartnerKit({ mappingFile, secretFile, period: last, outDir: join(work, "out") });
  const s = (performance.now() - t) / 1000;
  const input = report.inputs[0]!;
  console.log(
    JSON.stringify({
      oneExtract: {
        mb: mb(statSync(all).size), episodes: input.rowsRead, spellsMade: input.recordsMade, spellsWritten: input.recordsWritten, outsidePeriod: input.recordsOutsidePeriod,
        seconds: +s.toFixed(1), rowsPerSecond: Math.round(input.rowsRead / s), peakRssMb: peakRssMb(),
      },
      load: load(),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
