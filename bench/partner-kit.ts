/**
 * Partner kit speed: `npx tsx bench/partner-kit.ts NATIVE_DIR [PARTNER PERIOD]`.
 * 1. Keys: HMAC-SHA-256 over N distinct NHS numbers, (a) as a DuckDB scalar function backed by Node's crypto,
 *    (b) computed in JavaScript and appended to a prepared mapping table; both then joined to the rows.
 * 2. The kit end to end on one native folder (default ACUTE's largest quarter of admissions): rows per second.
 * The machine may be shared: say so with the figures.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VARCHAR } from "@duckdb/node-api";
import { closeDb, one, openDb, rows, run } from "../loaders/duckdb.ts";
import { KEY_FUNCTION, pseudonymFor, registerPseudonymFunction } from "../kit/keys.ts";
import { runPartnerKit } from "../kit/run.ts";

const secret = Buffer.from("benchmark-secret-0123456789-abcdefghijklmnop");

async function keys(n: number) {
  const db = await openDb(":memory:", { threads: "2" });
  registerPseudonymFunction(db, secret);
  await run(db, `create table nhs as select (999000000 + i)::varchar || '0' as digits from range(${n}) t(i)`);
  let t = performance.now();
  await run(db, `create table k1 as select digits, ${KEY_FUNCTION}(digits) as pseudonym from nhs`);
  const udf = performance.now() - t;
  t = performance.now();
  const list = (await rows<{ digits: string }>(db, "select digits from nhs")).map((r) => r.digits);
  await run(db, "create table k2 (digits varchar, pseudonym varchar)");
  const appender = await db.connection.createAppender("k2");
  for (const d of list) {
    appender.appendVarchar(d);
    appender.appendVarchar(pseudonymFor(secret, d));
    appender.endRow();
  }
  appender.closeSync();
  const table = performance.now() - t;
  const same = await one<{ n: number }>(db, "select count(*)::integer as n from k1 join k2 using (digits, pseudonym)");
  closeDb(db);
  void VARCHAR;
  return { n, udfSeconds: udf / 1000, tableSeconds: table / 1000, agree: same.n === n };
}

const [nativeDir, partner = "ACUTE", periodArg] = process.argv.slice(2);
for (const n of [100_000, 1_000_000]) console.log(JSON.stringify({ keys: await keys(n) }));
if (nativeDir) {
  const periods = readdirSync(join(nativeDir, partner));
  const size = (p: string) => statSync(join(nativeDir, partner, p, "apc_episodes.csv")).size;
  const period = periodArg ?? periods.filter((p) => { try { return size(p) > 0; } catch { return false; } }).sort((a, b) => size(b) - size(a))[0]!;
  const work = mkdtempSync(join(tmpdir(), "kit-bench-"));
  const secretFile = join(work, "key");
  writeFileSync(secretFile, secret.toString());
  const t = performance.now();
  const { report } = await runPartnerKit({ mappingFile: join(nativeDir, partner, period, "mapping.json"), secretFile, period, outDir: join(work, "out") });
  const seconds = (performance.now() - t) / 1000;
  const read = report.inputs.reduce((s, i) => s + i.rowsRead, 0);
  console.log(JSON.stringify({ kit: { partner, period, rowsRead: read, written: report.outputs, seconds, rowsPerSecond: Math.round(read / seconds) } }));
  rmSync(work, { recursive: true, force: true });
}
