import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { listValue } from "@duckdb/node-api";
import { type Db, rows, run } from "../../loaders/duckdb.ts";
import { METRIC_VALUE_COLUMNS, SPC_COLUMNS, SPC_SUGGESTION_COLUMNS } from "./columns.ts";

/**
 * Incremental metrics as a cache around the one computation (as dbt treats an incremental model as a
 * materialisation of the one model). Each metric's outputs are one partition, `<out>/partitions/<metric id>/`:
 * its rows of every output table (CSV with its header, and the Parquet twin) and `partition.json`, which holds
 * the keys it was computed under and what the run reports of it. A run keeps each partition whose key matches
 * and computes the others in full; the output files are then put together from every partition in catalogue
 * order. So there is one way to produce a metric's rows, and a kept partition is byte for byte what computing
 * it again would write.
 *
 * Two keys, tried in turn:
 * - `inputs`: everything a metric's rows rest on — the versions of the datasets behind the core tables its SQL
 *   reads and behind `people`, the config, the data end, the missing submissions, the engine's code. A match keeps
 *   the partition without running any of its SQL.
 * - `units`: the same but the datasets its own SQL reads, plus a digest of its units. A resubmission that leaves a
 *   metric's units as they were (a spell for someone alive does not change a decedent metric) keeps its partition
 *   once its units are built and digested, without aggregating or computing any cell.
 */

export const PARTITIONS_DIR = "partitions";
export const PARTITION_META = "partition.json";

/** Every output table, named as its file is (the published copy has the same name under `published/`). */
export const OUTPUT_TABLES = {
  values: { file: "metric_values", columns: METRIC_VALUE_COLUMNS },
  spc: { file: "spc", columns: SPC_COLUMNS },
  suggestions: { file: "spc_suggestions", columns: SPC_SUGGESTION_COLUMNS },
} as const;
export type OutputTable = keyof typeof OUTPUT_TABLES;

/** A table's CSV (no extension) within an output or partition folder: `metric_values`, `published/spc`, … */
export function tableStem(dir: string, table: OutputTable, published: boolean): string {
  return join(dir, ...(published ? ["published"] : []), OUTPUT_TABLES[table].file);
}

/** Every table's CSV and Parquet a partition or output folder holds, relative to it. */
export const TABLE_FILES: readonly string[] = (Object.keys(OUTPUT_TABLES) as OutputTable[]).flatMap((table) =>
  [false, true].flatMap((published) => [".csv", ".parquet"].map((ext) => tableStem("", table, published) + ext)),
);

export interface PartitionMeta {
  metric: string;
  /** the key of everything its rows rest on ("" when the database records no dataset versions: never matched) */
  inputs: string;
  /** the key of its context and units */
  units: string;
  /** metric_values rows */
  rows: number;
  /** what computing it warned of (repeated when it is kept) */
  warnings: string[];
  /** cells hidden in its published copies, and the rounds the secondary suppression took */
  disclosure: { primary: number; secondary: number; rounds: number };
}

export const partitionDir = (root: string, metric: string) => join(root, PARTITIONS_DIR, metric);

/** A partition as the last run left it, or null when it is absent or incomplete (then it is computed). */
export function readPartition(outDir: string, metric: string): PartitionMeta | null {
  const dir = partitionDir(outDir, metric);
  const metaPath = join(dir, PARTITION_META);
  if (!existsSync(metaPath) || !TABLE_FILES.every((f) => existsSync(join(dir, f)))) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as PartitionMeta;
    return meta.metric === metric ? meta : null;
  } catch {
    return null;
  }
}

export function writePartitionMeta(dir: string, meta: PartitionMeta): void {
  const path = join(dir, PARTITION_META);
  writeFileSync(`${path}.tmp`, JSON.stringify(meta, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}

/**
 * `count:sum of unit hashes` per month over every column of `metric_units`. Amounts are rounded first: a unit's sum
 * of costs, added up by several threads, can differ in its last bits from one run to the next, and must not make
 * unchanged units look changed.
 */
const UNIT_DIGESTS_SQL = `
select strftime(unit_date, '%Y-%m') as month,
  count(*)::varchar || ':' || sum(hash(unit_date, person_id, partner, practice_code, round(numerator, 9), round(denominator, 9),
    people_key, numerator_person, denominator_person, round(anonymous_people, 9), open_units))::varchar as digest
from metric_units
group by all
order by month`;

/** The `units` key: the metric's context fingerprint and the digest of the units just built on `db`. */
export async function unitsKey(db: Db, context: string): Promise<string> {
  const hash = createHash("sha256").update(context);
  for (const { month, digest } of await rows<{ month: string; digest: string }>(db, UNIT_DIGESTS_SQL)) hash.update(`${month}=${digest};`);
  return hash.digest("hex");
}

/**
 * Writes `out` as the header of the first part and the rows of every part after it, byte for byte: a part's rows
 * are the previous run's or this run's, never parsed and written again.
 */
export function concatenateCsv(out: string, parts: readonly string[]): void {
  const target = openSync(out, "w");
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    parts.forEach((part, index) => {
      const source = openSync(part, "r");
      try {
        let skipping = index > 0; // every part starts with the same header line
        for (let read = readSync(source, chunk); read > 0; read = readSync(source, chunk)) {
          let start = 0;
          if (skipping) {
            const newline = chunk.indexOf(NEWLINE, 0);
            if (newline < 0 || newline >= read) continue;
            start = newline + 1;
            skipping = false;
          }
          writeSync(target, chunk, start, read - start);
        }
      } finally {
        closeSync(source);
      }
    });
  } finally {
    closeSync(target);
  }
}

/** The partitions' Parquet files as one, rows in the order of the parts (there is at least one). */
export async function concatenateParquet(db: Db, out: string, parts: readonly string[]): Promise<void> {
  await run(db, `copy (select * from read_parquet($parts)) to '${out.replaceAll("'", "''")}' (format parquet, compression zstd)`, {
    parts: listValue([...parts]),
  });
}

/** Moves a partition computed in the work folder into place, replacing the one it supersedes. */
export function replacePartition(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  renameSync(from, to);
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 4 << 20;
