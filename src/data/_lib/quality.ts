import type { Db } from "../../../loaders/duckdb.ts";
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
