import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { addDays, parseQuarter } from "../../loaders/contract/periods.ts";
import { closeDb, type Db, openDb, rows } from "../../loaders/duckdb.ts";
import { createWorkDir, removeStaleWorkDirs } from "../../loaders/work-dirs.ts";
import { type Breakdown, BREAKDOWNS, type MetricDefinition, type SqlParameter } from "../definition.ts";
import { DEFINITIONS } from "../definitions/index.ts";
import { aggregate, type AggregateRow, buildUnits, type Counts, createPeriodTable } from "./aggregate.ts";
import { type Benchmark, readBenchmarks } from "./benchmarks.ts";
import { baselineEmptyReason, buildCell, cellKey, followUpOpen, indexAggregates, type MetricContext, valueOf } from "./cells.ts";
import type { MetricValueRow, SpcRow, SpcSuggestionRow } from "./columns.ts";
import { Completeness } from "./completeness.ts";
import { buildDefinitionsExport } from "./definitions-export.ts";
import { CsvTable } from "./output.ts";
import { baselinePeriod, buildPeriods, overlaps, type Period } from "./periods.ts";
import { controlDisclosure, type DisclosureSummary } from "./disclosure.ts";
import { publishBaselines, publishPeriod } from "./publish.ts";
import { SpcMonths } from "./spc.ts";
import { metricFingerprints, readInputVersions } from "./fingerprints.ts";
import {
  concatenateCsv,
  concatenateParquet,
  OUTPUT_TABLES,
  type OutputTable,
  partitionDir,
  type PartitionMeta,
  readPartition,
  replacePartition,
  TABLE_FILES,
  tableStem,
  unitsKey,
  writePartitionMeta,
} from "./partitions.ts";

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
  /** metrics computed this run; the others' partitions were kept from an earlier run (see partitions.ts) */
  computed: number;
  /** of the metrics kept, those whose inputs had changed but whose units had not */
  keptByUnits: number;
  total: number;
  seconds: number;
  warnings: string[];
  /** cells hidden in the published copies, and the time this run's secondary suppression took */
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

    // Each metric's outputs are a partition kept from an earlier run when its key matches, else computed here.
    const inputs = await readInputVersions(db);
    const fingerprints = inputs ? metricFingerprints(definitions, inputs, { config, dataToPeriod, missingSubmissions: missing }) : null;
    const kept = new Map<string, PartitionMeta>();
    const earlier = new Map<string, PartitionMeta>();
    for (const def of definitions) {
      const partition = fingerprints ? readPartition(outDir, def.id) : null;
      if (!partition) continue;
      if (partition.inputs === fingerprints!.inputs[def.id]) kept.set(def.id, partition);
      else earlier.set(def.id, partition);
    }

    // A metric is prepared on one of two connections in turn: DuckDB builds the next metric's units and
    // aggregates while JavaScript turns this one's into rows (intervals, comparisons, SPC, disclosure).
    const prepare = async (connection: Db, def: MetricDefinition): Promise<Prepared> => {
      const units = await buildUnits(connection, def, parameters);
      const key = fingerprints ? await unitsKey(connection, fingerprints.contexts[def.id]!) : "";
      if (key && earlier.get(def.id)?.units === key) return { units, key, aggregates: null };
      return { units, key, aggregates: await aggregate(connection, def, wholeMonths(baseline)) };
    };
    const toPrepare = definitions.filter((d) => !kept.has(d.id));
    const connections = [db, await secondConnection(db, [...periods, baseline])];
    const prefetched = new Map<string, Promise<Prepared>>();
    const prefetch = (position: number) => {
      const def = toPrepare[position];
      if (!def || prefetched.has(def.id)) return;
      const work = prepare(connections[position % 2]!, def);
      work.catch(() => undefined); // awaited in turn below; this only keeps an early failure from going unhandled
      prefetched.set(def.id, work);
    };
    const computed = new Map<string, PartitionMeta>();
    const rekeyed = new Set<string>();
    const disclosureSteps: Record<string, number> = {};
    let disclosureSeconds = 0;
    try {
      let position = 0;
      for (const [index, def] of definitions.entries()) {
        options.onProgress?.({ step: def.id, done: index, total: definitions.length });
        if (kept.has(def.id)) continue;
        const connection = connections[position % 2]!;
        prefetch(position);
        prefetch(position + 1);
        const { units, key, aggregates } = await prefetched.get(def.id)!;
        prefetched.delete(def.id);
        position += 1;
        const inputsKey = fingerprints?.inputs[def.id] ?? "";
        if (aggregates === null) {
          // its units are as they were: the partition stands, under its new inputs key
          kept.set(def.id, { ...earlier.get(def.id)!, inputs: inputsKey });
          rekeyed.add(def.id);
          continue;
        }
        const metricWarnings = units === 0 ? [`${def.id}: no units in the data (every value is empty)`] : [];
        const context: MetricContext = {
          def,
          config,
          dataToPeriod,
          completeness,
          benchmarks: readBenchmarks(config.benchmarks as Benchmark[], def.id, (b) =>
            metricWarnings.push(`benchmark for ${b.metric} ignored: period '${b.period}' is not a year, financial year, quarter or month`),
          ),
          target: config.targets.find((t) => t.metric === def.id) ?? null,
        };
        const dir = partitionDir(work, def.id);
        const { rows, disclosure } = await computePartition(connection, def, aggregates, periods, context, dir);
        disclosureSeconds += disclosure.seconds;
        for (const [step, seconds] of Object.entries(disclosure.steps)) disclosureSteps[step] = (disclosureSteps[step] ?? 0) + seconds;
        const meta: PartitionMeta = {
          metric: def.id,
          inputs: inputsKey,
          units: key,
          rows,
          warnings: metricWarnings,
          disclosure: { primary: disclosure.primary, secondary: disclosure.secondary, rounds: disclosure.rounds },
        };
        writePartitionMeta(dir, meta);
        computed.set(def.id, meta);
      }
    } finally {
      await Promise.allSettled(prefetched.values());
      connections[1]?.connection.closeSync();
    }

    // The outputs, put together from every partition in catalogue order: this run's from the work folder, the
    // rest from where the last runs left them.
    options.onProgress?.({ step: "writing", done: definitions.length, total: definitions.length });
    const partitions = definitions.map((d) => ({ id: d.id, meta: (computed.get(d.id) ?? kept.get(d.id))! }));
    const sourceOf = (id: string) => partitionDir(computed.has(id) ? work : outDir, id);
    for (const file of TABLE_FILES) {
      const out = join(work, file);
      mkdirSync(dirname(out), { recursive: true });
      const parts = partitions.map(({ id }) => join(sourceOf(id), file));
      if (file.endsWith(".csv")) concatenateCsv(out, parts);
      else await concatenateParquet(db, out, parts);
    }
    const suggestions = await suggestionsIn(db, join(work, "spc_suggestions.parquet"));
    // definitions.json goes to the site: its suggestions are the published ones (a hidden series' centre is not given).
    const publishedSuggestions: Record<string, SpcSuggestionRow[]> = {};
    for (const s of await suggestionsIn(db, join(work, "published", "spc_suggestions.parquet"))) (publishedSuggestions[s.metric_id] ??= []).push(s);
    const exported = buildDefinitionsExport(definitions, config, dataToPeriod, parameters, publishedSuggestions);
    writeFileSync(join(work, "definitions.json"), JSON.stringify(exported, null, 2) + "\n");
    closeDb(db);
    db = null;

    // Partitions first, then the outputs: a run cut off between the two leaves outputs that the next run, which
    // always puts them together again, replaces. Each partition is whole on its own, with the keys it was made under.
    for (const id of computed.keys()) replacePartition(partitionDir(work, id), partitionDir(outDir, id));
    for (const id of rekeyed) writePartitionMeta(partitionDir(outDir, id), kept.get(id)!);
    for (const file of [...TABLE_FILES, "definitions.json"]) {
      mkdirSync(dirname(join(outDir, file)), { recursive: true });
      renameSync(join(work, file), join(outDir, file));
    }
    rmSync(join(outDir, LEGACY_STATE_FILE), { force: true });
    for (const { meta } of partitions) warnings.push(...meta.warnings);
    options.onProgress?.({ step: "done", done: definitions.length, total: definitions.length });
    return {
      rows: partitions.reduce((n, { meta }) => n + meta.rows, 0),
      computed: computed.size,
      keptByUnits: rekeyed.size,
      total: definitions.length,
      seconds: (performance.now() - started) / 1000,
      warnings,
      disclosure: {
        primary: partitions.reduce((n, { meta }) => n + meta.disclosure.primary, 0),
        secondary: partitions.reduce((n, { meta }) => n + meta.disclosure.secondary, 0),
        rounds: partitions.reduce((n, { meta }) => Math.max(n, meta.disclosure.rounds), 0),
        seconds: disclosureSeconds,
        steps: disclosureSteps,
      },
      suggestions,
    };
  } finally {
    if (db) closeDb(db);
    rmSync(work, { recursive: true, force: true });
  }
}

/** SPC suggestions as written, typed by their Parquet file. */
const suggestionsIn = (db: Db, parquet: string) => rows<SpcSuggestionRow>(db, "select * from read_parquet($parquet)", { parquet });

/** The state file of the engine before partitions: removed, so no reader takes it for current. */
const LEGACY_STATE_FILE = "metrics-state.json";

/**
 * One metric's partition, computed in full into `dir`: its rows of every output table, SPC from its monthly
 * series, then disclosure control over its published copies (a metric's cells are linked only to each other, so
 * controlling it alone hides exactly what controlling every metric together would).
 */
async function computePartition(
  db: Db,
  def: MetricDefinition,
  aggregates: readonly AggregateRow[],
  periods: readonly Period[],
  context: MetricContext,
  dir: string,
): Promise<{ rows: number; disclosure: DisclosureSummary }> {
  mkdirSync(join(dir, "published"), { recursive: true });
  const table = <Row extends object>(name: OutputTable, published: boolean) =>
    new CsvTable<Row>(`${tableStem(dir, name, published)}.csv`, OUTPUT_TABLES[name].columns);
  const tables = {
    values: table<MetricValueRow>("values", false),
    publishedValues: table<MetricValueRow>("values", true),
    spc: table<SpcRow>("spc", false),
    publishedSpc: table<SpcRow>("spc", true),
    suggestions: table<SpcSuggestionRow>("suggestions", false),
    publishedSuggestions: table<SpcSuggestionRow>("suggestions", true),
  };
  try {
    const spcMonths = new SpcMonths();
    streamMetric(def, aggregates, periods, context, (_period, rows, published) => {
      tables.values.write(rows);
      tables.publishedValues.write(published);
      spcMonths.add(rows, published);
    });
    const { spc, publishedSpc, suggestions } = spcMonths.series(def, context.config);
    tables.spc.write(spc);
    tables.publishedSpc.write(publishedSpc);
    tables.suggestions.write(suggestions);
    tables.publishedSuggestions.write(suggestions);
  } finally {
    for (const t of Object.values(tables)) t.close();
  }
  const parquet = (t: CsvTable<object>) => t.toParquet(db, t.path.replace(/\.csv$/, ".parquet"));
  // The tables disclosure control leaves alone go to Parquet first: it reads the values' twin.
  for (const t of [tables.values, tables.spc, tables.suggestions]) await parquet(t);
  const disclosure = await controlDisclosure(db, context.config, def.pointInTime ? [def.id] : [], {
    values: tables.values.path.replace(/\.csv$/, ".parquet"),
    publishedValues: tables.publishedValues.path,
    publishedSpc: tables.publishedSpc.path,
    publishedSuggestions: tables.publishedSuggestions.path,
  });
  for (const t of [tables.publishedValues, tables.publishedSpc, tables.publishedSuggestions]) await parquet(t);
  return { rows: tables.values.rows, disclosure };
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

/** A metric made ready on its connection: its units, their key, and its aggregates (null: its units are as they were). */
interface Prepared {
  units: number;
  key: string;
  aggregates: AggregateRow[] | null;
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
