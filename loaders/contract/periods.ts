/**
 * NHS financial-year quarters: Q1 = April–June … Q4 = January–March of the later calendar year.
 * A period label is written `2024-25-Q3`. Dates are ISO `YYYY-MM-DD` strings throughout: they sort and compare
 * as text, and carry no time zone to trip over.
 */

export const QUARTER_LABEL = /^(\d{4})-(\d{2})-Q([1-4])$/;

export interface Quarter {
  label: string;
  /** calendar year in which the financial year starts (2024 for 2024-25) */
  fyStart: number;
  quarter: 1 | 2 | 3 | 4;
  start: string;
  end: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function quarterFromParts(fyStart: number, quarter: 1 | 2 | 3 | 4): Quarter {
  const startMonth = ((quarter - 1) * 3 + 4 - 1) % 12 + 1; // 4, 7, 10, 1
  const year = quarter === 4 ? fyStart + 1 : fyStart;
  const endMonth = startMonth + 2;
  return {
    label: `${fyStart}-${pad2((fyStart + 1) % 100)}-Q${quarter}`,
    fyStart,
    quarter,
    start: isoDate(year, startMonth, 1),
    end: isoDate(year, endMonth, lastDayOfMonth(year, endMonth)),
  };
}

/** Parses `2024-25-Q3`; returns null when the label is not a well-formed financial-year quarter. */
export function parseQuarter(label: string): Quarter | null {
  const m = QUARTER_LABEL.exec(label);
  if (!m) return null;
  const fyStart = Number(m[1]);
  if ((fyStart + 1) % 100 !== Number(m[2])) return null;
  return quarterFromParts(fyStart, Number(m[3]) as 1 | 2 | 3 | 4);
}

/** The quarter containing an ISO date. */
export function quarterOfDate(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const fyStart = month >= 4 ? year : year - 1;
  const quarter = (Math.floor(((month + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
  return quarterFromParts(fyStart, quarter);
}

export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? quarterFromParts(q.fyStart + 1, 1) : quarterFromParts(q.fyStart, (q.quarter + 1) as 2 | 3 | 4);
}

/** Every quarter from the one containing `from` to the one containing `to`, inclusive. */
export function quartersBetween(from: string, to: string): Quarter[] {
  const out: Quarter[] = [];
  for (let q = quarterOfDate(from); q.start <= to; q = nextQuarter(q)) out.push(q);
  return out;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day a quarter's submission is due: `dueDaysAfterQuarterEnd` days after its last day. */
export function submissionDueDate(q: Quarter, dueDaysAfterQuarterEnd: number): string {
  return addDays(q.end, dueDaysAfterQuarterEnd);
}

export function isValidIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
