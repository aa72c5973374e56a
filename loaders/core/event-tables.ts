import type { DatasetSpec } from "../contract/dataset-spec.ts";
import { CARE_HOME_ADMISSION_SOURCES, EMERGENCY_ADMISSION_METHODS, TRANSFER_ADMISSION_METHODS } from "../contract/datasets/admissions.ts";
import { type DatasetName, datasetSpec } from "../contract/datasets/index.ts";
import { ident, literal } from "../duckdb.ts";

/**
 * The core model's event tables, declared as data: one table per event dataset, one row per partner and key,
 * the row from the greatest period winning (a later quarter's file resends a record it corrects). Their columns
 * are the dataset's fields; a table may add columns derived from them. The full build and the keyed update of an
 * incremental ingest are both generated from the one declaration (`eventTableSql`, `eventKeyedUpdate`), so the
 * two cannot drift apart.
 */
export interface EventTable {
  /** where the step sits among the core steps (the .sql files beside it are named the same way) */
  step: string;
  /** what the table holds, for the reader of the generated SQL */
  about: string;
  table: string;
  dataset: DatasetName;
  /** the field that identifies a record within a partner */
  key: string;
  /** columns computed from the row (SQL over `s.<field>`), after the dataset's fields */
  derived?: Array<{ name: string; sql: string }>;
}

const codeList = (codes: readonly string[]) => `(${codes.map(literal).join(", ")})`;

export const EVENT_TABLES: EventTable[] = [
  {
    step: "60_spells",
    about: "Hospital spells, one per (partner, spell_id), the greatest period winning",
    table: "spells",
    dataset: "admissions",
    key: "spell_id",
    derived: [
      // patient classification 3 and 4 are regular day and night attenders, not emergencies
      { name: "is_emergency", sql: `s.admission_method in ${codeList(EMERGENCY_ADMISSION_METHODS)} and coalesce(s.patient_classification, '') not in ('3', '4')` },
      { name: "from_care_home", sql: `coalesce(s.admission_source in ${codeList(CARE_HOME_ADMISSION_SOURCES)}, false)` },
      { name: "is_transfer", sql: `s.admission_method in ${codeList(TRANSFER_ADMISSION_METHODS)}` },
    ],
  },
  { step: "70_spc_contacts", about: "Specialist palliative care contacts, one per (partner, contact_id)", table: "spc_contacts", dataset: "spc_contacts", key: "contact_id" },
  { step: "71_referrals", about: "Referrals, one per (partner, referral_id)", table: "referrals", dataset: "referrals", key: "referral_id" },
  { step: "72_fast_track", about: "Fast-track (CHC) applications, one per (partner, application_id)", table: "fast_track", dataset: "fast_track", key: "application_id" },
  { step: "73_outcomes", about: "Outcome assessments (IPOS, AKPS), one per (partner, assessment_id)", table: "outcomes", dataset: "outcomes", key: "assessment_id" },
];

/** The winners among the rows of `source` (staged rows of the table's dataset, as `stg_<dataset>` has them). */
function winnersSql(t: EventTable, source: string): string {
  const spec: DatasetSpec = datasetSpec(t.dataset);
  const columns = ["partner", "period", ...spec.fields.map((f) => f.name)].map((c) => `s.${ident(c)}`);
  const derived = (t.derived ?? []).map((d) => `${d.sql} as ${ident(d.name)}`);
  return `select ${[...columns, ...derived].join(", ")}
from ${source} s
qualify row_number() over (partition by s.partner, s.${ident(t.key)} order by s.period desc, s.file_id desc) = 1`;
}

/** The full build of an event table. */
export function eventTableSql(t: EventTable): string {
  return `-- ${t.about}\ncreate or replace table ${ident(t.table)} as\n${winnersSql(t, `stg_${t.dataset}`)}`;
}

/** What changed in one dataset since the previous ingest. */
export interface DatasetChange {
  /** partner and period of every loaded file dropped (changed or withdrawn) */
  dropped: Array<{ partner: string; period: string }>;
  /** file ids of the files loaded this time */
  loaded: number[];
}

/**
 * An event table updated for the keys a change touches: those whose winning row came from a dropped file, and
 * those in the files loaded now. Their rows are deleted and their winners chosen again from every staged row
 * with those keys, as the full build would; no other key's rows can have changed.
 */
export function eventKeyedUpdate(t: EventTable, change: DatasetChange): Array<{ sql: string; params?: Record<string, string> }> {
  const [table, key, staged] = [ident(t.table), ident(t.key), `stg_${t.dataset}`];
  return [
    {
      sql: `create or replace temp table touched_keys as
        select partner, ${key} from ${table}
        where (partner, period) in (select r->>'partner', r->>'period' from (select unnest(from_json($dropped, '["json"]')) as r))
        union
        select partner, ${key} from ${staged} where file_id in (select unnest(from_json($loaded, '["integer"]')))`,
      params: { dropped: JSON.stringify(change.dropped), loaded: JSON.stringify(change.loaded) },
    },
    { sql: `delete from ${table} where (partner, ${key}) in (select partner, ${key} from touched_keys)` },
    { sql: `insert into ${table}\n${winnersSql(t, `(select * from ${staged} where (partner, ${key}) in (select partner, ${key} from touched_keys))`)}` },
    { sql: "drop table touched_keys" },
  ];
}
