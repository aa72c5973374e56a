import type { DatasetSpec, FieldType } from "./contract/dataset-spec.ts";
import { DATASETS } from "./contract/datasets/index.ts";
import { type Db, ident, run } from "./duckdb.ts";

/** Typed staging tables, one per dataset, generated from the specs: every loaded row with its file and row. */

const SQL_TYPES: Record<FieldType, string> = {
  id: "varchar",
  code: "varchar",
  text: "varchar",
  date: "date",
  datetime: "timestamp",
  int: "bigint",
  decimal: "double",
};

export const stagingTable = (dataset: string) => ident(`stg_${dataset}`);

export function stagingTableSql(spec: DatasetSpec): string {
  const columns = spec.fields.map((f) => `${ident(f.name)} ${SQL_TYPES[f.type]}`);
  return `create table if not exists ${stagingTable(spec.name)} (
    file_id integer not null, row_no integer not null, partner varchar not null, period varchar not null,
    ${columns.join(",\n    ")})`;
}

export const LOAD_TABLES_SQL = `
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
  for (const spec of DATASETS) await run(db, stagingTableSql(spec));
}

/** Moves the rows of `checked` that broke no rule into the dataset's staging table. */
export async function stageCheckedRows(db: Db, spec: DatasetSpec, fileId: number, partner: string, period: string): Promise<void> {
  const names = spec.fields.map((f) => ident(f.name)).join(", ");
  await run(
    db,
    `insert into ${stagingTable(spec.name)} (file_id, row_no, partner, period, ${names})
     select $file_id, row_no, $partner, $period, ${names} from checked where len(errors) = 0`,
    { file_id: fileId, partner, period },
  );
  await run(
    db,
    `insert into row_issues
     select $file_id, row_no, 'error', e.field, e.message from (select row_no, unnest(errors) as e from checked)
     union all
     select $file_id, row_no, 'warning', w.field, w.message from (select row_no, unnest(warnings) as w from checked where len(errors) = 0)`,
    { file_id: fileId },
  );
}
