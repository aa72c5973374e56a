import { createHash } from "node:crypto";
import JSZip from "jszip";
import type { AllianceConfig } from "../loaders/contract/config.ts";
import { partnerCompleteness, parseMissingSubmissions } from "../src/components/completeness.js";
import { toCsv } from "../src/components/csv.js";
import { longDate, periodLabel, quarterLabel } from "../src/components/data.js";
import { definitionFields } from "../src/components/definitions.js";
import { labeller } from "../src/components/labels.js";
import { beforeAfterStatement, hiddenWords } from "../src/components/statements.js";
import type { Submission } from "../published/quality.ts";
import { checkNoKeys, type Definitions } from "../published/source.ts";
import { PACK_MARKER } from "./files.ts";
import { parseQuarter } from "../loaders/contract/periods.ts";
import { lastMonth, quartersBehind } from "./periods.ts";
import { markHidden, markHiddenMonth, periodRows, type Published, SPC_COLUMN_NAMES, seriesRows, spcRows, type TextRow, typedRow, VALUE_COLUMN_NAMES } from "../published/text.ts";

/**
 * The evidence pack: per chosen metric, its published (disclosure-controlled) figures as CSV, its charts as
 * SVG and PNG (exported from the site's own chart components by the caller), a before and after statement,
 * its definition, and its data sources with their completeness; a README that says how to cite it. Built in
 * memory as relative path -> content, then written as a folder and a ZIP of it.
 */

export type Definition = Definitions["metrics"][number] & Record<string, any>;

export interface ChartFiles {
  svg: string;
  png: Uint8Array;
}

export interface MetricCharts {
  spc: ChartFiles | null;
  trend: ChartFiles | null;
}

export interface EvidenceInput {
  config: AllianceConfig;
  definitions: Definitions;
  period: string;
  metricIds: string[];
  published: Published;
  submissions: Submission[];
  charts: ReadonlyMap<string, MetricCharts>;
  produced: Date;
  /** the exports are the synthetic demonstration data (say so, so nobody cites them as real) */
  synthetic: boolean;
}

export interface EvidencePack {
  files: Map<string, string | Uint8Array>;
  /** metric ids whose quarter or rolling 12-month figure is incomplete */
  incomplete: string[];
  /** published rows of the period (every breakdown) hidden by disclosure control, written with `*` */
  hiddenCells: number;
}

const EXTRA_LABEL = "breakdown_label";

function csvOf(rows: TextRow[], columns: readonly string[], extra: Record<string, (r: TextRow) => string> = {}): string {
  return toCsv(rows, [...columns.map((key) => ({ key, label: key })), ...Object.entries(extra).map(([label, csv]) => ({ label, csv }))]);
}

const markdownCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

function partnerNamer(config: AllianceConfig) {
  const names = new Map(config.partners.map((p) => [p.code, p.name]));
  return (code: string) => names.get(code) ?? code;
}

/** The statement for a figure, from the same function the board pack uses. */
function statementOf(row: TextRow | undefined, definition: Definition, periodType: string, input: EvidenceInput): string {
  const { definitions, config } = input;
  return beforeAfterStatement(row ? typedRow(row) : null, definition, {
    periodType,
    baseline: config.baseline,
    disclosure: definitions.disclosure,
    emptyReasons: definitions.empty_reasons as Record<string, string>,
    partnerName: partnerNamer(config),
  }).text;
}

function statementMarkdown(definition: Definition, quarter: TextRow | undefined, rolling: TextRow | undefined, input: EvidenceInput): string {
  const { period } = input;
  return `# Before and after: ${definition.name} (${definition.id})

**Quarter, ${quarterLabel(period)}.** ${statementOf(quarter, definition, "quarter", input)}

**Rolling 12 months, ${periodLabel(period, "rolling12").replace(/^12 months /, "")}.** ${statementOf(rolling, definition, "rolling12", input)}

## Method

- Value: ${definition.interval_method ?? "no interval"}
- Change from baseline: ${definition.change_method ?? "not computed"}
- Baseline: ${(definition.baseline as { rule?: string } | undefined)?.rule ?? ""}
- A change is called significant only when its 95% confidence interval excludes no change (a difference of zero, or a ratio of one), judged with the metric's direction (${definition.direction === "up" ? "higher is better" : definition.direction === "down" ? "lower is better" : "no better direction: context only"}).
- Every figure here is copied from the published, disclosure-controlled outputs; a figure ${hiddenWords(input.definitions.disclosure)}.
`;
}

function definitionMarkdown(definition: Definition): string {
  const lines = definitionFields(definition).map(([label, value]: [string, string | string[]]) =>
    Array.isArray(value) ? `**${label}**\n\n${value.map((v) => `- ${v}`).join("\n")}\n` : `**${label}**: ${value}\n`,
  );
  return `# ${definition.name} (${definition.id})\n\n${lines.join("\n")}`;
}

/** Data sources and their completeness for one metric: every expected submission its figures rest on. */
function sourcesMarkdown(definition: Definition, quarter: TextRow | undefined, rolling: TextRow | undefined, input: EvidenceInput): string {
  const { period, submissions, config } = input;
  const partnerName = partnerNamer(config);
  const window = quartersBehind(period, { lookbackDays: Number(definition.lookback_days ?? 0), pointInTime: Boolean(definition.point_in_time) });
  const datasets = (definition.datasets as string[] | undefined) ?? [];
  const behind = submissions.filter((s) => datasets.includes(s.dataset) && window.includes(s.period));
  const groups = new Map<string, Submission[]>();
  for (const s of behind) groups.set(`${s.dataset}|${s.partner}`, [...(groups.get(`${s.dataset}|${s.partner}`) ?? []), s]);
  const quarterWords = (q: string) => q.replace(/-Q/, " Q");
  const table = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, rows]) => {
      const [dataset, partner] = key.split("|") as [string, string];
      const late = rows.filter((s) => s.arrival === "late").map((s) => `${quarterWords(s.period)}, received ${longDate(s.submitted)}`);
      const missing = rows.filter((s) => s.arrival === "missing").map((s) => quarterWords(s.period));
      return `| ${dataset} | ${markdownCell(partnerName(partner))} | ${rows.length} | ${rows.filter((s) => s.arrival === "on_time").length} | ${late.length ? markdownCell(late.join("; ")) : "none"} | ${missing.length ? missing.join(", ") : "none"} |`;
    });
  const status = (row: TextRow | undefined, what: string) => {
    if (!row) return `- ${what}: no published row.`;
    const words: string[] = [];
    if (row.incomplete === "true") {
      const missing = parseMissingSubmissions(row.missing_submissions).map((m: { partner: string; period: string | null }) => `${partnerName(m.partner)} (${quarterWords(m.period ?? "")})`);
      words.push(`**incomplete**: the submission${missing.length === 1 ? "" : "s"} expected from ${list(missing)} ${missing.length === 1 ? "was" : "were"} missing when it was computed`);
    } else words.push("complete: every expected submission behind it had arrived");
    if (row.provisional === "true") words.push("provisional: late records can still arrive by resubmission until two quarters after the period ends");
    return `- ${what}: ${words.join("; ")}.`;
  };
  const partnersThisQuarter = partnerCompleteness(
    submissions.filter((s) => datasets.includes(s.dataset)),
    config.partners.filter((p) => behind.some((s) => s.partner === p.code)),
    period,
  );
  return `# Data sources and their completeness: ${definition.name} (${definition.id})

Source datasets (partner exports, alliance minimum dataset): ${datasets.join(", ")}.
The figures for ${quarterLabel(period)} and the rolling 12 months ending with it rest on the submissions for ${quarterWords(window[0]!)} to ${quarterWords(window.at(-1)!)}${
    Number(definition.lookback_days) > 0 && !definition.point_in_time ? ` (including the ${definition.lookback_days}-day look-back before the 12 months)` : ""
  }. Submissions are due ${config.submissions.dueDaysAfterQuarterEnd} days after each quarter ends; a late one is loaded and included once it arrives.

## The figures

${status(quarter, `Quarter ${quarterLabel(period, { short: true })}`)}
${status(rolling, "Rolling 12 months")}

## This quarter's submissions

${partnersThisQuarter.map((p: { sentence: string }) => `- ${p.sentence}`).join("\n") || "- None expected."}

## Every submission behind the figures

| Dataset | Partner | Quarters expected | On time | Late (loaded) | Missing |
|---|---|---|---|---|---|
${table.join("\n") || "| (none expected) | | | | | |"}
`;
}

function readme(input: EvidenceInput, metrics: Definition[], incomplete: string[], hiddenCells: number, chartCount: number): string {
  const { config, definitions, period, produced } = input;
  const alliance = config.name;
  const dataTo = parseQuarter(String(definitions.data_to_period ?? ""))?.end ?? null;
  const [lo, hi] = (definitions.disclosure as { suppress?: [number, number] } | undefined)?.suppress ?? [1, 7];
  const year = produced.getUTCFullYear();
  const example = metrics[0]!;
  return `# Evidence pack: ${alliance}, ${quarterLabel(period)}

Produced ${longDate(produced)} by Alliance Outcomes from the alliance's published (disclosure-controlled) outputs.
Data as of ${dataTo ? longDate(dataTo) : "the latest quarter"}; the baseline is ${longDate(config.baseline.from)} to ${longDate(config.baseline.to)}.
${input.synthetic ? "\n**These are synthetic demonstration data, not real people: do not cite them as evidence about any service.**\n" : ""}
## What is in it

- \`summary.csv\`: the alliance figure of every metric below for the quarter and the rolling 12 months ending with it.
- One folder per metric (${metrics.length}):

| Folder | Metric |
|---|---|
${metrics.map((m) => `| \`${m.id}/\` | ${markdownCell(m.name)} |`).join("\n")}

Each metric folder holds:

- \`statement.md\`: the figure against its baseline, with its 95% confidence interval and whether the change is significant, in plain English.
- \`series.csv\`: the alliance's quarterly and rolling 12-month values up to ${period}.
- \`breakdowns.csv\`: every published breakdown (locality, PCN, practice, equity groups, partner) for ${period}.
- \`spc-monthly.csv\`: the monthly values with the SPC mean, limits and Making Data Count variation and assurance.
- \`spc-chart.svg\`, \`spc-chart.png\`, \`trend-chart.svg\`, \`trend-chart.png\`: the charts as the site draws them (${chartCount} files in all; a chart is left out when every point is hidden).
- \`definition.md\`: numerator, denominator, exclusions, method, date basis, sources, national value.
- \`sources.md\`: the datasets behind the figures and whether each partner's submissions arrived on time, late or not at all.

The CSV columns are those of the published \`metric_values.csv\` and \`spc.csv\` (see the definitions), plus a readable \`${EXTRA_LABEL}\`.

## Reading the figures

- **\`*\` = hidden by disclosure control**: the figure rests on ${lo} to ${hi} people, so it, its counts, interval and change are not published (${hiddenCells} of the figures for ${period} in this pack's \`breakdowns.csv\` files). Do not try to work it out from other figures.
- **Incomplete**: an expected partner submission behind the figure was missing when it was computed. ${incomplete.length ? `In this pack: ${incomplete.join(", ")} (see each \`sources.md\`).` : "None of the figures in this pack is incomplete."}
- **Provisional**: late records can still arrive by resubmission until two quarters after the period ends.
- Deaths are counted by date of death, not date of registration, so figures will not match ONS or OHID (Fingertips) exactly. Quarters are NHS financial-year quarters (Q1 is April to June).
- Proportions are written as fractions (0.412 = 41.2%) in the CSV files.

## How to cite it

Cite the metric, the period and the date the pack was produced, and quote a figure with its 95% confidence interval. For example:

> ${alliance} (${year}). *${example.name} (${example.id}), ${quarterLabel(period)}.* Alliance Outcomes evidence pack, produced ${longDate(produced)}. Published, disclosure-controlled figures from partner data to ${dataTo ? longDate(dataTo) : period}.

For the whole pack:

> ${alliance} (${year}). *Alliance Outcomes evidence pack, ${quarterLabel(period)}* (${metrics.length} metrics). Produced ${longDate(produced)}.

The statements in \`statement.md\` may be quoted as they stand. Keep \`*\` as \`*\`, and say "incomplete" or "provisional" wherever the pack does.
`;
}

/** Builds every file of the pack in memory. */
export async function buildEvidencePack(input: EvidenceInput): Promise<EvidencePack> {
  const { config, definitions, period, published, produced } = input;
  const label = labeller({ localities: config.localities, practices: config.practices, partners: config.partners });
  const labelColumn = { [EXTRA_LABEL]: (r: TextRow) => label(r.breakdown, r.breakdown_value) };
  const byId = new Map(definitions.metrics.map((m) => [m.id, m as Definition]));
  const metrics = input.metricIds.map((id) => byId.get(id)!);
  const files = new Map<string, string | Uint8Array>();
  const summary: TextRow[] = [];
  const incomplete: string[] = [];
  let hiddenCells = 0;
  let chartCount = 0;

  for (const definition of metrics) {
    const id = definition.id;
    const breakdowns = (await periodRows(published, id, period)).map(markHidden);
    const series = (await seriesRows(published, id, period)).map(markHidden);
    const spc = (await spcRows(published, id, lastMonth(period))).map(markHiddenMonth);
    const quarter = breakdowns.find((r) => r.breakdown === "alliance" && r.period_type === "quarter");
    const rolling = breakdowns.find((r) => r.breakdown === "alliance" && r.period_type === "rolling12");
    for (const row of [quarter, rolling]) if (row) summary.push({ ...row, metric_name: definition.name });
    if ([quarter, rolling].some((r) => r?.incomplete === "true")) incomplete.push(id);
    hiddenCells += breakdowns.filter((r) => r.suppressed === "true").length;
    files.set(`${id}/breakdowns.csv`, csvOf(breakdowns, VALUE_COLUMN_NAMES, labelColumn));
    files.set(`${id}/series.csv`, csvOf(series, VALUE_COLUMN_NAMES, labelColumn));
    files.set(`${id}/spc-monthly.csv`, csvOf(spc, SPC_COLUMN_NAMES));
    files.set(`${id}/statement.md`, statementMarkdown(definition, quarter, rolling, input));
    files.set(`${id}/definition.md`, definitionMarkdown(definition));
    files.set(`${id}/sources.md`, sourcesMarkdown(definition, quarter, rolling, input));
    const charts = input.charts.get(id);
    for (const [name, chart] of [
      ["spc-chart", charts?.spc],
      ["trend-chart", charts?.trend],
    ] as const) {
      if (!chart) continue;
      files.set(`${id}/${name}.svg`, chart.svg);
      files.set(`${id}/${name}.png`, chart.png);
      chartCount += 2;
    }
    // a hidden cell is written `*`, never a value: checked on what is about to be written
    if ([...breakdowns, ...series].some((r) => r.suppressed === "true" && r.value !== "*")) throw new Error(`${id}: a hidden published cell would be written as a value`);
  }
  files.set("summary.csv", toCsv(summary, [{ key: "metric_id", label: "metric_id" }, { key: "metric_name", label: "metric_name" }, ...VALUE_COLUMN_NAMES.filter((c) => c !== "metric_id").map((key) => ({ key, label: key }))]));
  files.set("README.md", readme(input, metrics, incomplete, hiddenCells, chartCount));
  // the last guard: no text file may carry a person or carer key
  for (const [path, content] of files) if (typeof content === "string") checkNoKeys(content, path);
  const manifest = {
    pack: "alliance-outcomes-evidence-pack",
    alliance: config.name,
    period,
    metrics: metrics.map((m) => m.id),
    produced: produced.toISOString(),
    files: Object.fromEntries([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, content]) => [path, createHash("sha256").update(content).digest("hex")])),
  };
  files.set(PACK_MARKER, `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, incomplete, hiddenCells };
}

/** The pack as a ZIP whose single top-level folder is `folder`, with the production date on every entry. */
export async function zipPack(files: ReadonlyMap<string, string | Uint8Array>, folder: string, produced: Date): Promise<Uint8Array> {
  const zip = new JSZip();
  const root = zip.folder(folder)!;
  for (const [path, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) root.file(path, content, { date: produced, binary: typeof content !== "string" });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "UNIX" });
}
