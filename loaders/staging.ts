import type { DatasetSpec, FieldType } from "./contract/dataset-spec.ts";
import { DATASETS } from "./contract/datasets/index.ts";
import { type Db, ident, run } from "./duckdb.ts";

/**
 * Typed staging: every loaded file's checked rows stay in its dataset's table (`staged.<dataset>`, with their
 * `file_id`), written once per batch of checked files, and `stg_<dataset>` is a view of it with each file's
 * partner and period. A later run keeps a file it has already checked by keeping its rows, and drops a changed
 * one by deleting them.
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

export const stagedTable = (dataset: string) => `staged.${ident(dataset)}`;

/** The typed table of a dataset's staged rows. */
function stagedTableSql(spec: DatasetSpec): string {
  const columns = spec.fields.map((f) => `${ident(f.name)} ${SQL_TYPES[f.type]}`);
  return `create table if not exists ${stagedTable(spec.name)} (file_id integer not null, row_no integer not null, ${columns.join(", ")})`;
}

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
  for (const spec of DATASETS) await run(db, stagedTableSql(spec));
}

/** Takes a file's staged rows and issues out, for a file that changed or went. */
export async function dropStagedFile(db: Db, dataset: string | null, fileId: number): Promise<void> {
  if (dataset && DATASETS.some((d) => d.name === dataset)) await run(db, `delete from ${stagedTable(dataset)} where file_id = $id`, { id: fileId });
  await run(db, "delete from row_issues where file_id = $id", { id: fileId });
}

/**
 * From a table of checked rows (`file_id`, `row_no`, the fields, `errors`, `warnings`), records the errors and
 * warnings of the files to load, then stages those files' rows that broke no rule, in one statement each.
 */
export async function settleCheckedRows(db: Db, spec: DatasetSpec, checked: string, loadedFileIds: number[]): Promise<void> {
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
  const columns = ["file_id", "row_no", ...spec.fields.map((f) => f.name)].map(ident).join(", ");
  await run(db, `insert into ${stagedTable(spec.name)} (${columns}) select ${columns} from ${checked} where len(errors) = 0 and ${kept}`, loaded);
}

/** `stg_<dataset>`: every loaded file's rows of the dataset, typed, with file, row, partner and period. */
export async function createStagingViews(db: Db): Promise<void> {
  for (const spec of DATASETS) {
    const names = spec.fields.map((f) => `s.${ident(f.name)}`).join(", ");
    await run(
      db,
      `create or replace view ${ident(`stg_${spec.name}`)} as
       select s.file_id, s.row_no, f.partner, f.period, ${names}
       from ${stagedTable(spec.name)} s join files f on f.file_id = s.file_id and f.status = 'loaded'`,
    );
  }
}
