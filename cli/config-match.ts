import { type AllianceConfig, ConfigError } from "../loaders/contract/config.ts";
import { type Db, closeDb, openDb, rows } from "../loaders/duckdb.ts";

/**
 * Whether a database was built from the config a command was given. The parts of the config that ingest wrote
 * into the database (partners, practices, localities, the data's start, submission dates) must match, or every
 * breakdown and completeness figure would silently describe another alliance; targets, benchmarks, disclosure
 * and the like are read by metrics itself and may change between runs.
 */

export const INGESTED_CONFIG_KEYS = ["name", "partners", "localities", "practices", "dataFrom", "submissions"] as const;

/** Key order does not matter in a config: compare canonical JSON. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** The config keys that differ between the database's config and this one; null when the database has none. */
export async function configDifferences(dbPath: string, config: AllianceConfig): Promise<string[] | null> {
  let db: Db | null = null;
  try {
    db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    const found = await rows<{ value: string }>(db, "select value from meta where key = 'config'");
    if (!found[0]) return null;
    const built = JSON.parse(found[0].value) as Record<string, unknown>;
    return INGESTED_CONFIG_KEYS.filter((key) => canonical(built[key]) !== canonical((config as Record<string, unknown>)[key]));
  } catch {
    return null;
  } finally {
    if (db) closeDb(db);
  }
}

/** The refusal for `metrics` (and what runs it), or null when the database matches the config. */
export async function configMismatch(dbPath: string, config: AllianceConfig): Promise<string | null> {
  const differences = await configDifferences(dbPath, config);
  if (differences === null) return `${dbPath} is not a database made by ingest (it has no config): run ingest first`;
  if (!differences.length) return null;
  return `${dbPath} was built from another config (${config.configPath} differs in: ${differences.join(", ")}): run ingest with this config first, or pass the config it was built from`;
}

/**
 * What the config says about metrics, checked against their definitions: a target, tolerance or benchmark of a
 * percentage metric is a fraction 0–1 (`75` for 75% would make every period Green or every period Red), and
 * every metric named exists. Throws ConfigError naming the field.
 */
export async function checkConfigMetrics(config: AllianceConfig): Promise<AllianceConfig> {
  const { DEFINITIONS } = await import("../metrics/definitions/index.ts");
  const units = new Map(DEFINITIONS.map((d) => [d.id, d.unit]));
  const problems: string[] = [];
  const fraction = (value: number) => value >= 0 && value <= 1;
  const check = (list: string, index: number, metric: string, values: Record<string, number>) => {
    const unit = units.get(metric);
    if (!unit) return problems.push(`${list}[${index}].metric: ${metric} is not a metric of the catalogue`);
    if (unit !== "percent") return;
    for (const [field, value] of Object.entries(values))
      if (!fraction(value)) problems.push(`${list}[${index}].${field}: ${metric} is a percentage, written as a fraction 0–1 (${value} given; 0.75 means 75%)`);
  };
  config.targets.forEach((t, i) => check("targets", i, t.metric, { target: t.target, tolerance: t.tolerance }));
  config.benchmarks.forEach((b, i) => check("benchmarks", i, b.metric, { value: b.value }));
  config.rebase.forEach((r, i) => {
    if (!units.has(r.metric)) problems.push(`rebase[${i}].metric: ${r.metric} is not a metric of the catalogue`);
  });
  if (problems.length) throw new ConfigError(`invalid config ${config.configPath}: ${problems.join("; ")}`);
  return config;
}
