import { DATASETS } from "../../loaders/contract/datasets/index.ts";
import { addDays, quarterOfDate } from "../../loaders/contract/periods.ts";
import { type Db, rows } from "../../loaders/duckdb.ts";
import type { MetricDefinition } from "../definition.ts";
import { overlaps, type Period } from "./periods.ts";

/**
 * Which partner submissions a value depended on, and whether any were missing (catalogue, "Incomplete").
 *
 * - A value is incomplete when an expected submission (a partner, a dataset the config lists for it and the
 *   metric needs, a quarter) overlapping the period and its look-back is missing. For a point-in-time metric the
 *   value rests on the quarter containing T only. A metric counting records of any date up to T (or to death)
 *   looks back to `dataFrom` in its event datasets. A missing snapshot stops mattering once a later snapshot
 *   from the same partner has arrived (it carries the history).
 * - A rolling-12 value is published only when all 12 months have data: every month on or after `dataFrom`, and
 *   for each event dataset the metric needs, at least one partner's submission arrived for the month's quarter.
 *   (Snapshot datasets carry history, so a missing snapshot does not empty a month.) Point-in-time metrics are
 *   exempt: their rolling-12 value is the value at the quarter's end, not a sum over 12 months.
 */

export interface Submission {
  partner: string;
  dataset: string;
  period: string;
  start: string;
  end: string;
  missing: boolean;
}

const EVENT_DATASETS = new Set(DATASETS.filter((d) => d.kind === "event").map((d) => d.name as string));

export class Completeness {
  private readonly missing: Submission[];
  private readonly memo = new Map<string, string[]>();
  private readonly rolling12Memo = new Map<string, boolean>();

  private constructor(
    private readonly submissions: Submission[],
    private readonly dataFrom: string,
  ) {
    this.missing = submissions.filter((s) => s.missing);
  }

  static async load(db: Db, dataFrom: string): Promise<Completeness> {
    const list = await rows<Submission & { missing: boolean }>(
      db,
      `select partner, dataset, period, strftime(period_start, '%Y-%m-%d') as start, strftime(period_end, '%Y-%m-%d') as "end",
         arrival = 'missing' as missing
       from expected_submissions order by partner, period, dataset`,
    );
    return new Completeness(list, dataFrom);
  }

  /** From a list of expected submissions (tests, or a caller that has them already). */
  static of(submissions: readonly Submission[], dataFrom: string): Completeness {
    return new Completeness([...submissions], dataFrom);
  }

  /** Every missing submission, as `PARTNER:PERIOD dataset`, for the run's summary. */
  missingList(): string[] {
    return this.missing.map((s) => `${s.partner}:${s.period} ${s.dataset}`);
  }

  /**
   * The window of dates a value rests on for one dataset: the period and its look-back, or T's quarter for
   * point-in-time; from `dataFrom` for the event datasets of a metric counting records of any date up to T.
   */
  private window(def: MetricDefinition, period: Period, dataset: string): { start: string; end: string } {
    if (def.lookbackToDataFrom && EVENT_DATASETS.has(dataset)) return { start: this.dataFrom, end: period.end };
    if (def.pointInTime) return { start: quarterOfDate(period.end).start, end: period.end };
    return { start: addDays(period.start, -def.lookbackDays), end: period.end };
  }

  /** A missing snapshot is carried by any later snapshot of the same partner and dataset that arrived. */
  private superseded(s: Submission): boolean {
    if (EVENT_DATASETS.has(s.dataset)) return false;
    return this.submissions.some((o) => !o.missing && o.partner === s.partner && o.dataset === s.dataset && o.start > s.start);
  }

  /** Missing submissions that still matter (a superseded snapshot does not). */
  private get open(): Submission[] {
    this.openMemo ??= this.missing.filter((s) => !this.superseded(s));
    return this.openMemo;
  }
  private openMemo: Submission[] | undefined;

  /**
   * The metric's unit dataset has an expected submission missing for the period itself (only `partner`'s when
   * given): a value with no units is then `missing_submission`, never "no cases".
   */
  unitSubmissionMissing(def: MetricDefinition, period: Period, partner?: string): boolean {
    return this.open.some((s) => s.dataset === def.unitDataset && (partner === undefined || s.partner === partner) && overlaps(s, period));
  }

  /** `PARTNER:PERIOD` of each missing submission behind the value, sorted, distinct; only `partner`'s when given. */
  missingSubmissions(def: MetricDefinition, period: Period, partner?: string): string[] {
    const key = `${def.id}|${period.type}|${period.label}|${partner ?? ""}`;
    const known = this.memo.get(key);
    if (known) return known;
    const needed = new Set<string>(def.datasets);
    const found = new Set<string>();
    for (const s of this.open) {
      if (!needed.has(s.dataset) || (partner !== undefined && s.partner !== partner)) continue;
      if (overlaps(s, this.window(def, period, s.dataset))) found.add(`${s.partner}:${s.period}`);
    }
    const list = [...found].sort();
    this.memo.set(key, list);
    return list;
  }

  /** A rolling-12 value some of whose months have no data (see above). */
  rolling12Incomplete(def: MetricDefinition, period: Period): boolean {
    if (period.type !== "rolling12" || def.pointInTime) return false;
    const key = `${def.id}|${period.label}`;
    let known = this.rolling12Memo.get(key);
    if (known === undefined) {
      known = this.someMonthWithoutData(def, period);
      this.rolling12Memo.set(key, known);
    }
    return known;
  }

  private someMonthWithoutData(def: MetricDefinition, period: Period): boolean {
    if (period.start < this.dataFrom) return true;
    const events = def.datasets.filter((d) => EVENT_DATASETS.has(d));
    for (const dataset of events) {
      const byQuarter = new Map<string, boolean>();
      for (const s of this.submissions) {
        if (s.dataset !== dataset || !overlaps(s, period)) continue;
        byQuarter.set(s.period, (byQuarter.get(s.period) ?? false) || !s.missing);
      }
      for (const arrived of byQuarter.values()) if (!arrived) return true;
    }
    return false;
  }
}
