import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

/**
 * A differencing attacker against the published metric outputs, written from the catalogue's "Disclosure
 * control" section and not from the product's code. It knows the structure of the tables (which cells add up to
 * which) and uses only published numbers to solve for hidden ones; the unrounded outputs are read only to know
 * which relations are exact (an attacker who knows the metric definitions knows that too) and to check that a
 * recovered number is the true one.
 *
 * Relations, each for numerator, denominator and the two people counts separately:
 * - the values of one breakdown add up to the alliance total (per metric and period);
 * - practices add up to their PCN, PCNs to their locality (the config's practice list);
 * - the months of a quarter add up to it, the quarters of a rolling 12 months to it (point-in-time metrics: the
 *   quarter is its last month and the rolling 12 months its quarter);
 * - SPC: a centre line is the mean of the values of its limit-setting months;
 * - the published baseline value is the value of the rolling 12 months that cover the same window.
 * A hidden number recovered through one relation is known in every other ("peeling" to a fixed point).
 */

type Row = Record<string, string>;
const QUANTITIES = ["numerator", "denominator", "numerator_people", "denominator_people"] as const;

export interface AttackResult {
  /** cells whose people counts put them in the suppression range */
  primary: number;
  /** primary cells that the published copy shows */
  primaryShown: number;
  /** hidden cells (primary or not) */
  hidden: number;
  /** primary cells with a count or value recovered exactly */
  recovered: number;
  examples: string[];
}

interface Config {
  practices: Array<{ code: string; pcn: string; locality: string }>;
  baseline: { from: string; to: string };
  disclosure: { suppress: [number, number] };
}

const readCsv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Row[];
const num = (text: string | undefined): number | null => (text === undefined || text === "" ? null : Number(text));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(b));

export function attackOutputs(metricsDir: string, config: Config): AttackResult {
  const raw = readCsv(join(metricsDir, "metric_values.csv"));
  const published = readCsv(join(metricsDir, "published", "metric_values.csv"));
  const publishedSpc = readCsv(join(metricsDir, "published", "spc.csv"));
  return attack(raw, published, publishedSpc, config);
}

const keyOf = (r: Row) => `${r.metric_id}|${r.period_type}|${r.period}|${r.breakdown}|${r.breakdown_value}`;

export function attack(raw: readonly Row[], published: readonly Row[], publishedSpc: readonly Row[], config: Config): AttackResult {
  const [low, high] = config.disclosure.suppress;
  const index = new Map<string, number>();
  raw.forEach((r, i) => index.set(keyOf(r), i));
  const pub = new Map<string, Row>();
  for (const r of published) pub.set(keyOf(r), r);

  // known[q][i]: the number the attacker holds for quantity q of cell i (published or recovered), or null.
  const known: Record<string, Array<number | null>> = {};
  for (const q of QUANTITIES) known[q] = raw.map((r) => num(pub.get(keyOf(r))?.[q]));
  const knownValue: Array<number | null> = raw.map((r) => num(pub.get(keyOf(r))?.value));
  const recoveredValue = new Set<number>();
  const trueOf = (q: string, i: number) => num(raw[i]![q]) ?? 0;

  // Relations: [total, ...members] as cell indexes; a member absent from the outputs holds 0 and adds nothing.
  const relations: number[][] = [];
  const at = (metric: string, type: string, period: string, b: string, v: string) => index.get(`${metric}|${type}|${period}|${b}|${v}`);
  const cellsBy = new Map<string, number[]>();
  const group = (key: string, i: number) => {
    const list = cellsBy.get(key);
    if (list) list.push(i);
    else cellsBy.set(key, [i]);
  };
  const pcnOf = new Map(config.practices.map((p) => [p.code, p.pcn]));
  const localityOfPcn = new Map(config.practices.map((p) => [p.pcn, p.locality]));
  const pointInTime = new Set<string>();
  raw.forEach((r, i) => {
    group(`b|${r.metric_id}|${r.period_type}|${r.period}|${r.breakdown}`, i);
    if (r.breakdown === "practice" && pcnOf.has(r.breakdown_value))
      group(`h|${r.metric_id}|${r.period_type}|${r.period}|pcn|${pcnOf.get(r.breakdown_value)}`, i);
    if (r.breakdown === "pcn" && localityOfPcn.has(r.breakdown_value))
      group(`h|${r.metric_id}|${r.period_type}|${r.period}|locality|${localityOfPcn.get(r.breakdown_value)}`, i);
    if (r.period_type === "month") group(`m|${r.metric_id}|${quarterOfMonth(r.period)}|${r.breakdown}|${r.breakdown_value}`, i);
    if (r.period_type === "quarter") group(`q|${r.metric_id}|${r.breakdown}|${r.breakdown_value}`, i);
    if (["ID-01", "ACP-01", "KW-01"].includes(r.metric_id)) pointInTime.add(r.metric_id);
  });
  for (const [key, members] of cellsBy) {
    const [kind, metric, ...rest] = key.split("|");
    if (kind === "b") {
      const [type, period, breakdown] = rest as [string, string, string];
      const total = at(metric!, type, period, "alliance", "all");
      if (breakdown !== "alliance" && total !== undefined) relations.push([total, ...members]);
    } else if (kind === "h") {
      const [type, period, b, v] = rest as [string, string, string, string];
      const total = at(metric!, type, period, b, v);
      if (total !== undefined) relations.push([total, ...members]);
    } else if (kind === "m") {
      const [quarter, b, v] = rest as [string, string, string];
      const total = at(metric!, "quarter", quarter, b, v);
      if (total === undefined) continue;
      if (pointInTime.has(metric!)) {
        const last = members.find((i) => raw[i]!.period_end === raw[total]!.period_end);
        if (last !== undefined) relations.push([total, last]);
      } else relations.push([total, ...members]);
    } else if (kind === "q") {
      const [b, v] = rest as [string, string];
      const byLabel = new Map(members.map((i) => [raw[i]!.period, i]));
      for (const quarter of members) {
        const label = raw[quarter]!.period;
        const total = at(metric!, "rolling12", label, b, v);
        if (total === undefined) continue;
        if (pointInTime.has(metric!)) relations.push([total, quarter]);
        else {
          const four = previousQuarters(label, 4).map((l) => byLabel.get(l));
          // A rolling 12 months reaching before the first quarter has fewer parts; absent parts are zero.
          relations.push([total, ...four.filter((i): i is number => i !== undefined)]);
        }
      }
    }
  }
  // Only the relations exact in the unrounded data, per quantity.
  const exact: Record<string, number[][]> = {};
  for (const q of QUANTITIES)
    exact[q] = relations.filter(([total, ...members]) => close(members.reduce((s, i) => s + trueOf(q, i), 0), trueOf(q, total!)));

  const sign = (position: number) => (position === 0 ? 1 : -1);
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of QUANTITIES) {
      const k = known[q]!;
      for (const relation of exact[q]!) {
        let unknown = -1;
        let unknowns = 0;
        let sum = 0; // total - members, over known cells
        for (let p = 0; p < relation.length; p += 1) {
          const value = k[relation[p]!];
          if (value === null || value === undefined) {
            unknowns += 1;
            unknown = p;
            if (unknowns > 1) break;
          } else sum += sign(p) * value;
        }
        if (unknowns !== 1) continue;
        // total - sum(members) = 0, so the unknown one is what balances it.
        k[relation[unknown]!] = unknown === 0 ? -sum : sum;
        changed = true;
      }
    }
  }

  // SPC centre lines: the mean of the limit-setting months' values.
  const series = new Map<string, Row[]>();
  for (const r of publishedSpc) {
    const key = `${r.metric_id}|${r.breakdown}|${r.breakdown_value}|${r.rebase_group}`;
    const list = series.get(key);
    if (list) list.push(r);
    else series.set(key, [r]);
  }
  for (const points of series.values()) {
    const centre = num(points[0]!.centre);
    if (centre === null) continue;
    const from = points[0]!.limits_from;
    const to = points[0]!.limits_to;
    let used: Row[];
    if (from !== undefined && to !== undefined && from !== "") used = points.filter((p) => p.month >= from && p.month <= to);
    else {
      const inBaseline = points.filter((p) => p.month >= config.baseline.from.slice(0, 7) && p.month <= config.baseline.to.slice(0, 7));
      used = inBaseline.length >= 12 ? inBaseline : points;
    }
    const hidden = used.filter((p) => p.value === "");
    if (hidden.length !== 1) continue;
    const missing = centre * used.length - used.reduce((s, p) => s + (num(p.value) ?? 0), 0);
    const cell = at(points[0]!.metric_id!, "month", hidden[0]!.month!, points[0]!.breakdown!, points[0]!.breakdown_value!);
    if (cell !== undefined && knownValue[cell] === null) {
      knownValue[cell] = missing;
      recoveredValue.add(cell);
    }
  }
  // The baseline value is the value of the rolling 12 months over the same window.
  const baselineEnd = config.baseline.to;
  const baselineStart = config.baseline.from;
  const baselines = new Map<string, number>();
  for (const p of published) if (p.baseline_value !== "") baselines.set(`${p.metric_id}|${p.breakdown}|${p.breakdown_value}`, Number(p.baseline_value));
  raw.forEach((r, i) => {
    if (r.period_type !== "rolling12" || r.period_start !== baselineStart || r.period_end !== baselineEnd || knownValue[i] !== null) return;
    const baseline = baselines.get(`${r.metric_id}|${r.breakdown}|${r.breakdown_value}`);
    if (baseline !== undefined) {
      knownValue[i] = baseline;
      recoveredValue.add(i);
    }
  });

  const small = (people: string | undefined) => {
    const n = num(people);
    return n !== null && n >= low && n <= high;
  };
  let primary = 0;
  let primaryShown = 0;
  let hidden = 0;
  let recovered = 0;
  const examples: string[] = [];
  raw.forEach((r, i) => {
    const shown = pub.get(keyOf(r));
    const isHidden = shown?.suppressed === "true";
    if (isHidden) hidden += 1;
    if (!(small(r.numerator_people) || small(r.denominator_people))) return;
    primary += 1;
    if (!isHidden) {
      primaryShown += 1;
      return;
    }
    const counts = QUANTITIES.filter((q) => num(shown![q]) === null && known[q]![i] !== null && close(known[q]![i]!, trueOf(q, i)));
    const value = recoveredValue.has(i) && num(r.value) !== null && close(knownValue[i]!, Number(r.value));
    if (counts.length || value) {
      recovered += 1;
      if (examples.length < 10) examples.push(`${keyOf(r)}: ${[...counts, ...(value ? ["value"] : [])].join(", ")}`);
    }
  });
  return { primary, primaryShown, hidden, recovered, examples };
}

/** `2024-11` -> `2024-25-Q3`. */
function quarterOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const fy = m >= 4 ? year : year - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `${fy}-${String((fy + 1) % 100).padStart(2, "0")}-Q${q}`;
}

/** The `n` quarters ending with `label`, oldest first. */
function previousQuarters(label: string, n: number): string[] {
  const fy = Number(label.slice(0, 4));
  const q = Number(label.slice(-1));
  const out: string[] = [];
  for (let k = n - 1; k >= 0; k -= 1) {
    const index = fy * 4 + (q - 1) - k;
    const y = Math.floor(index / 4);
    out.push(`${y}-${String((y + 1) % 100).padStart(2, "0")}-Q${(index % 4) + 1}`);
  }
  return out;
}

// `npx tsx test/metrics/differencing-attacker.ts METRICS_DIR CONFIG.json`: the figures for a report.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [dir, configFile] = process.argv.slice(2);
  const config = JSON.parse(readFileSync(configFile!, "utf8")) as Config;
  const result = attackOutputs(dir!, config);
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}
