import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { addDays, parseQuarter } from "../../loaders/contract/periods.ts";
import { closeDb, type Db, openDb, rows } from "../../loaders/duckdb.ts";
import { createWorkDir, removeStaleWorkDirs } from "../../loaders/work-dirs.ts";
import { type Breakdown, BREAKDOWNS, type MetricDefinition, type SqlParameter } from "../definition.ts";
import { DEFINITIONS } from "../definitions/index.ts";
import { aggregate, type AggregateRow, buildUnits, type Counts, createPeriodTable } from "./aggregate.ts";
import { type Benchmark, readBenchmarks } from "./benchmarks.ts";
import { baselineEmptyReason, buildCell, cellKey, followUpOpen, indexAggregates, type MetricContext, valueOf } from "./cells.ts";
import { METRIC_VALUE_COLUMNS, type MetricValueRow, SPC_COLUMNS, SPC_SUGGESTION_COLUMNS, type SpcRow, type SpcSuggestionRow } from "./columns.ts";
import { Completeness } from "./completeness.ts";
import { buildDefinitionsExport } from "./definitions-export.ts";
import { CsvTable } from "./output.ts";
import { baselinePeriod, buildPeriods, overlaps, type Period } from "./periods.ts";
import { controlDisclosure, type DisclosureSummary } from "./disclosure.ts";
import { publishBaselines, publishPeriod } from "./publish.ts";
import { SpcMonths } from "./spc.ts";
import { readSuggestions } from "./spc-suggest.ts";
import { changedMonths, linesByPeriod, periodKey, periodsReached, periodsToAggregate, spcMonthLines, unitDigests, type UnitDigests } from "./period-window.ts";
import { metricFingerprints, PreviousRows, readInputVersions, reusableMetrics, STATE_FILE, writeState } from "./reuse.ts";

/**
 * `metrics --db FILE --out DIR`: every definition, for every month, quarter and rolling 12 months in the data
 * and every breakdown the catalogue allows, with baseline, target, benchmark, completeness, SPC and the
 * disclosure-controlled copies. Writes metric_values.csv/.parquet, spc.csv/.parquet, published/ (the same four)
 * and definitions.json. Prints nothing; progress goes to `onProgress`.
 */

export interface MetricsProgress {
  /** the metric being computed, or the output step */
  step: string;
  done: number;
  total: number;
}

export interface RunMetricsOptions {
  config: AllianceConfig;
  dbPath: string;
  outDir: string;
  onProgress?: (p: MetricsProgress) => void;
  /** defaults to the registry (all catalogue metrics) */
  definitions?: readonly MetricDefinition[];
}

export interface RunMetricsResult {
  /** metric_values rows written */
  rows: number;
  /** metrics computed this run; the others' rows were copied from the previous run (their inputs had not changed) */
  computed: number;
  /** of those, the metrics recomputed only for the periods their inputs' changes reached */
  windowed: number;
  total: number;
  seconds: number;
  warnings: string[];
  /** cells hidden in the published copies, and the time the secondary suppression took */
  disclosure: DisclosureSummary;
  /** every SPC recalculation proposed (spc_suggestions) */
  suggestions: SpcSuggestionRow[];
}

const CORE_TABLES = [
  "people",
  "register_episodes",
  "practice_lists",
  "deaths",
  "care_plans",
  "spells",
  "spc_contacts",
  "referrals",
  "fast_track",
  "outcomes",
  "carers",
  "expected_submissions",
  "config_practices",
  "config_quarters",
  "meta",
];

/**
 * Less than ingest's: Node holds a metric's cells (and the next metric's, fetched meanwhile) beside DuckDB, and
 * the two together must stay under 8 GiB at national scale.
 */
const METRICS_MEMORY_LIMIT = "4GB";

const OUTPUT_FILES = ["metric_values.csv", "metric_values.parquet", "spc.csv", "spc.parquet", "spc_suggestions.csv", "spc_suggestions.parquet"];
const OUTPUT_CSVS = [
  "metric_values.csv",
  "spc.csv",
  "spc_suggestions.csv",
  "published/metric_values.csv",
  "published/spc.csv",
  "published/spc_suggestions.csv",
] as const;
const TABLES = ["values", "spc", "suggestions", "publishedValues", "publishedSpc", "publishedSuggestions"] as const;

export async function runMetrics(options: RunMetricsOptions): Promise<RunMetricsResult> {
  const started = performance.now();
  const { config } = options;
  const definitions = options.definitions ?? DEFINITIONS;
  const warnings: string[] = [];
  const dbPath = resolve(options.dbPath);
  if (!existsSync(dbPath)) throw new Error(`database not found: ${dbPath} (run ingest first)`);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  // Everything is written in a work folder and moved into place at the end, so a failed run leaves the previous
  // outputs untouched; work folders of runs that were killed are removed first (never one whose run still goes).
  removeStaleWorkDirs(outDir, ".metrics-");
  const work = createWorkDir(outDir, ".metrics-", "metrics");
  mkdirSync(join(work, "published"));
  let db: Db | null = null;
  try {
    db = await openDb(dbPath, { access_mode: "READ_ONLY", temp_directory: join(work, "spill") }, METRICS_MEMORY_LIMIT);
    await checkCoreModel(db);
    const dataToPeriod = await metaValue(db, "data_to_period");
    warnAboutConfig(config, definitions, warnings);
    if (!dataToPeriod) warnings.push("the database holds no data (meta data_to_period is empty): every output is empty");
    const lastQuarter = dataToPeriod ? parseQuarter(dataToPeriod) : null;
    const periods = lastQuarter ? buildPeriods(config.dataFrom, dataToPeriod) : [];
    const baseline = baselinePeriod(config.baseline);
    await createPeriodTable(db, [...periods, baseline]);
    const completeness = await Completeness.load(db, config.dataFrom);
    const missing = completeness.missingList();
    if (missing.length)
      warnings.push(`${missing.length} expected submission(s) missing; values resting on them are flagged incomplete: ${missing.join(", ")}`);
    const parameters: Record<SqlParameter, string | number> = {
      data_from: config.dataFrom,
      data_end: lastQuarter?.end ?? config.dataFrom,
      baseline_to: config.baseline.to,
      default_spell_cost: config.costs.emergencySpellGbp,
    };

    // A metric whose inputs are as they were last run keeps its rows from that run; one whose context is as it
    // was recomputes only the periods its units' changes reach.
    const inputs = await readInputVersions(db);
    const fingerprints = inputs ? metricFingerprints(definitions, inputs, { config, dataToPeriod, missingSubmissions: missing }) : null;
    const previous = fingerprints ? reusableMetrics(outDir, OUTPUT_CSVS, fingerprints) : null;
    const metricWarnings: Record<string, string[]> = {};
    const unitDigestsNow: Record<string, UnitDigests> = {};
    const tables = {
      values: new CsvTable<MetricValueRow>(join(work, "metric_values.csv"), METRIC_VALUE_COLUMNS),
      spc: new CsvTable<SpcRow>(join(work, "spc.csv"), SPC_COLUMNS),
      publishedValues: new CsvTable<MetricValueRow>(join(work, "published", "metric_values.csv"), METRIC_VALUE_COLUMNS),
      publishedSpc: new CsvTable<SpcRow>(join(work, "published", "spc.csv"), SPC_COLUMNS),
      suggestions: new CsvTable<SpcSuggestionRow>(join(work, "spc_suggestions.csv"), SPC_SUGGESTION_COLUMNS),
      publishedSuggestions: new CsvTable<SpcSuggestionRow>(join(work, "published", "spc_suggestions.csv"), SPC_SUGGESTION_COLUMNS),
    };
    const order = definitions.map((d) => d.id);
    const previousRows =
      previous && (previous.reusable.size || previous.windowed.size)
        ? {
            values: new PreviousRows(join(outDir, "metric_values.csv"), order),
            spc: new PreviousRows(join(outDir, "spc.csv"), order),
            publishedValues: new PreviousRows(join(outDir, "published", "metric_values.csv"), order),
            publishedSpc: new PreviousRows(join(outDir, "published", "spc.csv"), order),
            suggestions: new PreviousRows(join(outDir, "spc_suggestions.csv"), order),
            publishedSuggestions: new PreviousRows(join(outDir, "published", "spc_suggestions.csv"), order),
          }
        : null;
    const copyPrevious = (id: string) => {
      for (const key of TABLES) {
        const lines = previousRows![key].linesFor(id);
        tables[key].writeLines(lines);
      }
    };

    // A metric is prepared on one of two connections in turn: DuckDB builds the next metric's units and
    // aggregates while JavaScript turns this one's into rows (intervals, comparisons, SPC, disclosure).
    const prepare = async (connection: Db, def: MetricDefinition): Promise<Prepared> => {
      const units = await buildUnits(connection, def, parameters);
      const digests = await unitDigests(connection);
      let reached: Period[] | "all" = "all";
      if (previousRows && previous?.windowed.has(def.id)) {
        const touched = periodsReached([...periods, baseline], changedMonths(previous.unitDigests[def.id]!, digests));
        if (!touched.includes(baseline)) reached = touched;
      }
      if (reached !== "all" && reached.length === 0) return { units, digests, reached, aggregates: [] };
      if (reached !== "all") await createPeriodTable(connection, periodsToAggregate(periods, reached, baseline), "metric_periods_window");
      const aggregates = await aggregate(connection, def, wholeMonths(baseline), reached === "all" ? "metric_periods" : "metric_periods_window");
      return { units, digests, reached, aggregates };
    };
    const toCompute = definitions.filter((d) => !(previousRows && previous?.reusable.has(d.id)));
    const connections = [db, await secondConnection(db, [...periods, baseline])];
    const prefetched = new Map<string, Promise<Prepared>>();
    const prefetch = (position: number) => {
      const def = toCompute[position];
      if (!def || prefetched.has(def.id)) return;
      const work = prepare(connections[position % 2]!, def);
      work.catch(() => undefined); // awaited in turn below; this only keeps an early failure from going unhandled
      prefetched.set(def.id, work);
    };
    let position = 0;
    let computed = 0;
    let windowed = 0;
    try {
      for (const [index, def] of definitions.entries()) {
        options.onProgress?.({ step: def.id, done: index, total: definitions.length });
        if (previousRows && previous?.reusable.has(def.id)) {
          copyPrevious(def.id);
          metricWarnings[def.id] = previous.warnings[def.id] ?? [];
          warnings.push(...metricWarnings[def.id]!);
          if (previous.unitDigests[def.id]) unitDigestsNow[def.id] = previous.unitDigests[def.id]!;
          continue;
        }
        prefetch(position);
        prefetch(position + 1);
        const { units, digests, reached, aggregates } = await prefetched.get(def.id)!;
        prefetched.delete(def.id);
        position += 1;
        unitDigestsNow[def.id] = digests;
        metricWarnings[def.id] = units === 0 ? [`${def.id}: no units in the data (every value is empty)`] : [];
        warnings.push(...metricWarnings[def.id]!);
        if (reached !== "all" && reached.length === 0) {
          copyPrevious(def.id);
          continue;
        }
        computed += 1;
        const context: MetricContext = {
          def,
          config,
          dataToPeriod,
          completeness,
          benchmarks: readBenchmarks(config.benchmarks as Benchmark[], def.id, (b) =>
            warnings.push(`benchmark for ${b.metric} ignored: period '${b.period}' is not a year, financial year, quarter or month`),
          ),
          target: config.targets.find((t) => t.metric === def.id) ?? null,
        };
        const spcMonths = new SpcMonths();
        const writeComputed = (rows: MetricValueRow[], published: MetricValueRow[]) => {
          tables.values.write(rows);
          tables.publishedValues.write(published);
          spcMonths.add(rows, published);
        };
        if (reached === "all") {
          streamMetric(def, aggregates, periods, context, (_period, rows, published) => writeComputed(rows, published));
        } else {
          windowed += 1;
          const fresh = new Map<string, { rows: MetricValueRow[]; published: MetricValueRow[] }>();
          streamMetric(def, aggregates, reached, context, (period, rows, published) => fresh.set(periodKey(period.type, period.label), { rows, published }));
          const text = (lines: Buffer[]) => lines.map((line) => line.toString("utf8"));
          const before = linesByPeriod(text(previousRows!.values.linesFor(def.id)));
          const beforePublished = linesByPeriod(text(previousRows!.publishedValues.linesFor(def.id)));
          for (const period of periods) {
            const key = periodKey(period.type, period.label);
            const now = fresh.get(key);
            if (now) {
              writeComputed(now.rows, now.published);
              continue;
            }
            const lines = before.get(key) ?? [];
            const publishedLines = beforePublished.get(key) ?? [];
            tables.values.writeLines(lines);
            tables.publishedValues.writeLines(publishedLines);
            if (period.type === "month") spcMonths.add(spcMonthLines(lines), spcMonthLines(publishedLines));
          }
        }
        const { spc, publishedSpc, suggestions } = spcMonths.series(def, config);
        tables.spc.write(spc);
        tables.publishedSpc.write(publishedSpc);
        tables.suggestions.write(suggestions);
        tables.publishedSuggestions.write(suggestions);
      }
    } finally {
      await Promise.allSettled(prefetched.values());
      connections[1]?.connection.closeSync();
      for (const table of Object.values(tables)) table.close();
      if (previousRows) for (const reader of Object.values(previousRows)) reader.close();
    }

    const toParquet = async (table: CsvTable<object>) => {
      const parquet = table.path.replace(/\.csv$/, ".parquet");
      // Every metric's rows copied: the CSVs are the previous run's, and so are their Parquet twins.
      const unchanged = join(outDir, relative(work, parquet));
      if (computed === 0 && previousRows && existsSync(unchanged)) copyFileSync(unchanged, parquet);
      else await table.toParquet(db!, parquet);
      return parquet;
    };
    // The tables disclosure control leaves alone go to Parquet first: it reads the values' twin (a fraction of
    // parsing the CSV again).
    const valuesParquet = await toParquet(tables.values);
    for (const table of [tables.spc, tables.suggestions]) await toParquet(table);
    options.onProgress?.({ step: "disclosure control", done: definitions.length, total: definitions.length });
    const disclosure = await controlDisclosure(
      db,
      config,
      definitions.filter((d) => d.pointInTime).map((d) => d.id),
      {
        values: valuesParquet,
        publishedValues: tables.publishedValues.path,
        publishedSpc: tables.publishedSpc.path,
        publishedSuggestions: tables.publishedSuggestions.path,
      },
    );
    options.onProgress?.({ step: "writing", done: definitions.length, total: definitions.length });
    for (const table of [tables.publishedValues, tables.publishedSpc, tables.publishedSuggestions]) await toParquet(table);
    // definitions.json goes to the site: its suggestions are the published ones (a hidden series' centre is not given).
    const suggestions = readSuggestions(tables.suggestions.path);
    const publishedSuggestions: Record<string, SpcSuggestionRow[]> = {};
    for (const s of readSuggestions(tables.publishedSuggestions.path)) (publishedSuggestions[s.metric_id] ??= []).push(s);
    const exported = buildDefinitionsExport(definitions, config, dataToPeriod, parameters, publishedSuggestions);
    writeFileSync(join(work, "definitions.json"), JSON.stringify(exported, null, 2) + "\n");
    closeDb(db);
    db = null;

    mkdirSync(join(outDir, "published"), { recursive: true });
    // No state while the outputs are being swapped: a run cut off here must not pair new rows with old fingerprints.
    rmSync(join(outDir, STATE_FILE), { force: true });
    for (const file of OUTPUT_FILES) {
      renameSync(join(work, file), join(outDir, file));
      renameSync(join(work, "published", file), join(outDir, "published", file));
    }
    renameSync(join(work, "definitions.json"), join(outDir, "definitions.json"));
    if (fingerprints)
      writeState(join(outDir, STATE_FILE), {
        fingerprints: fingerprints.inputs,
        contexts: fingerprints.contexts,
        unitDigests: unitDigestsNow,
        warnings: metricWarnings,
      });
    options.onProgress?.({ step: "done", done: definitions.length, total: definitions.length });
    return {
      rows: tables.values.rows,
      computed,
      windowed,
      total: definitions.length,
      seconds: (performance.now() - started) / 1000,
      warnings,
      disclosure,
      suggestions,
    };
  } finally {
    if (db) closeDb(db);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Another connection to the database, with its own copy of the (connection-local) period table. */
async function secondConnection(db: Db, periods: readonly Period[]): Promise<Db> {
  const other: Db = { instance: db.instance, connection: await db.instance.connect(), path: db.path };
  await createPeriodTable(other, periods);
  return other;
}

/** The baseline starts on a first and ends on a last day of a month (quarters and rolling 12 months always do). */
function wholeMonths(baseline: Period): boolean {
  return baseline.start.endsWith("-01") && addDays(baseline.end, 1).endsWith("-01");
}

async function checkCoreModel(db: Db): Promise<void> {
  const present = new Set(
    (await rows<{ name: string }>(db, "select table_name as name from information_schema.tables")).map((t) => t.name),
  );
  const absent = CORE_TABLES.filter((t) => !present.has(t));
  if (absent.length) throw new Error(`the database is not a linked core model (no ${absent.join(", ")}): run ingest first`);
}

async function metaValue(db: Db, key: string): Promise<string> {
  const found = await rows<{ value: string | null }>(db, "select value from meta where key = $key", { key });
  return found[0]?.value ?? "";
}

function warnAboutConfig(config: AllianceConfig, definitions: readonly MetricDefinition[], warnings: string[]): void {
  const ids = new Set(definitions.map((d) => d.id));
  for (const [what, list] of [
    ["target", config.targets],
    ["benchmark", config.benchmarks],
    ["rebase", config.rebase],
  ] as const) {
    for (const item of list) if (!ids.has(item.metric)) warnings.push(`${what} for ${item.metric} ignored: no such metric`);
  }
}

/** A metric made ready on its connection: its units' digests, the periods to recompute, their aggregates. */
interface Prepared {
  units: number;
  digests: UnitDigests;
  /** every period, or only those its units' changes reach (none: its units are as they were) */
  reached: Period[] | "all";
  aggregates: AggregateRow[];
}

const BREAKDOWN_ORDER = new Map<string, number>(BREAKDOWNS.map((b, i) => [b, i]));

/** The breakdown cells listed for every period whether or not it has units: alliance, localities, PCNs, partners. */
function fixedCells(def: MetricDefinition, config: AllianceConfig, period: Period): Array<[Breakdown, string]> {
  const out: Array<[Breakdown, string]> = [["alliance", "all"]];
  if (def.breakdowns.includes("locality")) for (const l of config.localities) out.push(["locality", l.code]);
  if (def.breakdowns.includes("pcn")) for (const pcn of new Set(config.practices.map((p) => p.pcn))) out.push(["pcn", pcn]);
  if (def.breakdowns.includes("partner"))
    for (const p of config.partners)
      if ((p.datasets as string[]).includes(def.unitDataset) && overlaps(period, { start: p.from ?? "0000-01-01", end: p.to ?? "9999-12-31" }))
        out.push(["partner", p.code]);
  return out;
}

/**
 * One metric's rows (raw and published) for each of `periods`, handed to `sink` period by period so a national
 * metric's cells are never all held at once.
 */
export function streamMetric(
  def: MetricDefinition,
  aggregates: readonly AggregateRow[],
  periods: readonly Period[],
  ctx: MetricContext,
  sink: (period: Period, rows: MetricValueRow[], published: MetricValueRow[]) => void,
): void {
  const counts = indexAggregates(def, aggregates);
  const present = new Map<string, Array<[Breakdown, string]>>();
  const baselines = new Map<string, { counts: Counts; value: number | null }>();
  for (const a of aggregates) {
    if (a.period_type === "baseline") {
      const c = counts.get(cellKey(a.period_type, a.period, a.breakdown, a.breakdown_value))!;
      baselines.set(`${a.breakdown}|${a.breakdown_value}`, {
        counts: c,
        value: baselineEmptyReason(def, ctx.config, c) === null ? valueOf(def, c) : null,
      });
      continue;
    }
    const key = `${a.period_type}|${a.period}`;
    const list = present.get(key) ?? [];
    list.push([a.breakdown, a.breakdown_value]);
    present.set(key, list);
  }
  const publishedBaselines = publishBaselines(def, ctx.config, baselines);

  for (const period of periods) {
    const seen = new Set<string>();
    const keys: Array<[Breakdown, string]> = [];
    for (const [b, v] of [...fixedCells(def, ctx.config, period), ...(present.get(`${period.type}|${period.label}`) ?? [])]) {
      if (!def.breakdowns.includes(b) || seen.has(`${b}|${v}`)) continue;
      seen.add(`${b}|${v}`);
      keys.push([b, v]);
    }
    keys.sort(([b1, v1], [b2, v2]) => BREAKDOWN_ORDER.get(b1)! - BREAKDOWN_ORDER.get(b2)! || (v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
    const open = followUpOpen(counts.get(cellKey(period.type, period.label, "alliance", "all")));
    const periodRows = keys.map(([breakdown, breakdownValue]) =>
      buildCell(
        ctx,
        { period, breakdown, breakdown_value: breakdownValue, followUpOpen: open },
        counts.get(cellKey(period.type, period.label, breakdown, breakdownValue)),
        baselines.get(`${breakdown}|${breakdownValue}`)?.counts,
      ),
    );
    sink(period, periodRows, publishPeriod(def, ctx.config, periodRows, publishedBaselines));
  }
}
