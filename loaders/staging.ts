import type { DatasetSpec, FieldType } from "./contract/dataset-spec.ts";
import { DATASETS } from "./contract/datasets/index.ts";
import { type Db, ident, literal, rows, run } from "./duckdb.ts";

/**
 * Typed staging: each loaded file's checked rows stay in a table of their own (`staged.f<file_id>`), written
 * once by the check query, and `stg_<dataset>` is a view over a dataset's files with their partner and period.
 * One table per file also lets a later run keep a file it has already checked.
 */

const SQL_TYPES: Record<FieldType, string> = {
  id: "varchar",
  code: "varchar",
  text: "varchar",
  date: "date",
  datetime: "timestamp",
  int: "bigint",
  decimal: "double",
};

export const stagedFileTable = (fileId: number) => `staged.f${String(fileId).padStart(6, "0")}`;

export const LOAD_TABLES_SQL = `
create schema if not exists staged;
create table if not exists files (
  file_id integer primary key, path varchar not null, partner varchar, period varchar, dataset varchar,
  format varchar, encoding varchar, sha256 varchar, size_bytes bigint, submitted_at timestamp,
  status varchar not null, reason varchar, rows_read integer, rows_loaded integer, rows_rejected integer,
  warnings integer, first_loaded_at timestamp, resubmitted boolean default false);
create table if not exists row_issues (
  file_id integer not null, row_no integer not null, severity varchar not null, field varchar, message varchar not null);
create table if not exists submission_log (
  partner varchar, period varchar, dataset varchar, path varchar, sha256 varchar, rows_read integer,
  rows_loaded integer, rows_rejected integer, submitted_at timestamp, first_loaded_at timestamp);
`;

export async function createLoadTables(db: Db): Promise<void> {
  await run(db, LOAD_TABLES_SQL);
}

/**
 * From a table of checked rows (`file_id`, `row_no`, the fields, `errors`, `warnings`), records the errors and
 * warnings of the files to load, then stages each of those files' rows that broke no rule in a table of its own
 * (an empty one for a file without rows).
 */
export async function settleCheckedRows(db: Db, checked: string, loadedFileIds: number[]): Promise<void> {
  const loaded = { loaded: JSON.stringify(loadedFileIds) };
  const kept = `list_contains(from_json($loaded, '["integer"]'), file_id)`;
  await run(
    db,
    `insert into row_issues
     select file_id, row_no, 'error', e.field, e.message from (select file_id, row_no, unnest(errors) as e from ${checked} where len(errors) > 0 and ${kept})
     union all
     select file_id, row_no, 'warning', w.field, w.message from (select file_id, row_no, unnest(warnings) as w from ${checked} where len(errors) = 0 and len(warnings) > 0 and ${kept})`,
    loaded,
  );
  const fields = (await rows<{ column_name: string }>(db, `select column_name from (describe ${checked})`))
    .map((c) => c.column_name)
    .filter((c) => !["file_id", "errors", "warnings"].includes(c) && !c.endsWith("__identifier"));
  for (const file_id of loadedFileIds)
    await run(db, `create table ${stagedFileTable(file_id)} as select ${fields.map(ident).join(", ")} from ${checked} where file_id = $file_id and len(errors) = 0`, { file_id });
}

function emptyStagingSelect(spec: DatasetSpec): string {
  const columns = spec.fields.map((f) => `null::${SQL_TYPES[f.type]} as ${ident(f.name)}`);
  return `select null::integer as file_id, null::integer as row_no, null::varchar as partner, null::varchar as period, ${columns.join(", ")} where false`;
}

/** `stg_<dataset>`: every loaded file of the dataset, typed, with file, row, partner and period. */
export async function createStagingViews(db: Db): Promise<void> {
  const loaded = await rows<{ file_id: number; dataset: string; partner: string; period: string }>(
    db,
    "select file_id, dataset, partner, period from files where status = 'loaded' order by file_id",
  );
  for (const spec of DATASETS) {
    const names = spec.fields.map((f) => ident(f.name)).join(", ");
    const selects = loaded
      .filter((f) => f.dataset === spec.name)
      .map(
        (f) =>
          `select ${f.file_id}::integer as file_id, row_no, ${literal(f.partner)} as partner, ${literal(f.period)} as period, ${names} from ${stagedFileTable(f.file_id)}`,
      );
    await run(db, `create or replace view ${ident(`stg_${spec.name}`)} as ${selects.length ? selects.join("\nunion all ") : emptyStagingSelect(spec)}`);
  }
}
