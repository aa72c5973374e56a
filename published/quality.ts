import type { Db } from "../loaders/duckdb.ts";
import { query } from "./source.ts";

/** One expected submission (partner x dataset x quarter) and how it arrived: aggregates only, never a row or key. */
export interface Submission {
  partner: string;
  dataset: string;
  period: string;
  due_date: string | null;
  submitted: string | null;
  arrival: "on_time" | "late" | "missing";
  resubmitted: boolean;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  refused_files: number | null;
}

/**
 * Every expected submission in the alliance database's `expected_submissions`: the data quality page and the
 * evidence packs' completeness statements read the same rows.
 */
export function querySubmissions(db: Db): Promise<Submission[]> {
  return query<Submission>(
    db,
    `select partner, dataset, period, strftime(due_date, '%Y-%m-%d') as due_date,
       strftime(submitted_at::date, '%Y-%m-%d') as submitted, arrival, resubmitted,
       rows_read::double as rows_read, rows_loaded::double as rows_loaded, rows_rejected::double as rows_rejected,
       refused_files::double as refused_files
     from expected_submissions order by partner, dataset, period`,
  );
}

/**
 * A rule is the message without the row's own values, in words a data manager reads as they are (no "[value]"
 * or "N" placeholders). In order: the row list of a duplicate key; an echoed value after a colon or inside the
 * message; "dated <date>, outside the period folder <quarter> (<from> to <to>)"; "<date> is before <field>
 * <date>"; "on <n> rows".
 */
export const ruleOfMessage = (message: string) => `trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    ${message},
    '\\s*\\(rows [0-9, …]+\\)', '', 'g'),
    ':\\s*''[^'']*''', '', 'g'),
    '\\s*''[^'']*''', '', 'g'),
    'dated [0-9]{4}-[0-9]{2}-[0-9]{2}, outside the period folder [0-9]{4}-[0-9]{2}-Q[1-4] \\([^)]*\\)', 'dated outside its period folder''s quarter', 'g'),
    '^[0-9]{4}-[0-9]{2}-[0-9]{2} is before ([a-z_]+) [0-9]{4}-[0-9]{2}-[0-9]{2}', 'dated before \\1', 'g'),
    'is on [0-9]+ rows', 'is on more than one row', 'g'),
    '\\s+', ' ', 'g'))`;
