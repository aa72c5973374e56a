import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ConfigError, configPath, loadConfig as readConfig } from "../loaders/contract/config.ts";
import { parseQuarter } from "../loaders/contract/periods.ts";
import { UsageError, ingestExports } from "../loaders/ingest.ts";
import { LockedError } from "../loaders/lock.ts";
import { checkConfigMetrics, configMismatch } from "./config-match.ts";
import { summariseReport } from "../loaders/report.ts";
import { buildSitePacks, registerPackCommands } from "./packs.ts";
import { registerPartnerKitCommand } from "./partner-kit.ts";
import { fileProgressBar, stepProgressBar } from "./progress.ts";

/**
 * `npm run --silent alliance -- <command>`. Exit status: 0 success; 1 (check and ingest) the data has
 * problems but the report was written; 2 usage, config or system error, with a one-line reason.
 */

const EXIT_DATA_PROBLEMS = 1;
const EXIT_USAGE = 2;
const DEFAULT_CONFIG = "data/alliance.json";

function fail(message: string): never {
  process.stderr.write(`alliance: ${message}\n`);
  process.exit(EXIT_USAGE);
}

const positiveInt = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
};
const period = (value: string) => {
  if (!parseQuarter(value)) throw new InvalidArgumentError("must be a financial-year quarter such as 2024-25-Q3");
  return value;
};

function existingDir(path: string, what: string): string {
  if (!existsSync(path)) fail(`${what} not found: ${path}`);
  return path;
}

/** `--wait` without a number: long enough for any ingest we know of. */
const DEFAULT_WAIT_SECONDS = 6 * 3600;

/** The config, valid on its own and against the metric definitions. */
const loadConfig = (path: string) => checkConfigMetrics(readConfig(path));

async function runIngest(opts: { config: string; exports?: string; db?: string; report?: string; wait?: boolean | number }, keep: boolean): Promise<number> {
  const config = await loadConfig(opts.config);
  const exportsDir = existingDir(resolve(opts.exports ?? configPath(config, "exports")), "exports folder");
  const dbPath = keep ? resolve(opts.db ?? configPath(config, "db")) : null;
  const reportPath = opts.report ?? (dbPath ? join(dirname(dbPath), "ingest-report.json") : null);
  const bar = fileProgressBar(keep ? "ingest" : "check");
  const started = Date.now();
  let result;
  try {
    result = await ingestExports({
      config,
      exportsDir,
      dbPath,
      reportPath,
      waitMs: opts.wait === undefined || opts.wait === false ? 0 : 1000 * (opts.wait === true ? DEFAULT_WAIT_SECONDS : opts.wait),
      onProgress: (p) => bar.update(p.filesDone, p.filesTotal, p.rowsDone, p.currentFile),
    });
  } finally {
    bar.stop();
  }
  const summary = summariseReport(result.report);
  process.stderr.write(`${keep ? "ingest" : "check"}: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (reportPath) process.stderr.write(`report: ${reportPath}; rejected rows: ${result.rejectedRowsPath}\n`);
  if (dbPath) process.stderr.write(`database: ${dbPath}\n`);
  const t = result.report.totals;
  return t.refused || t.rowsRejected ? EXIT_DATA_PROBLEMS : 0;
}

async function runMetricsCommand(opts: { config: string; db?: string; out?: string }): Promise<void> {
  const config = await loadConfig(opts.config);
  const dbPath = resolve(opts.db ?? configPath(config, "db"));
  if (!existsSync(dbPath)) fail(`database not found: ${dbPath} (run ingest first)`);
  const mismatch = await configMismatch(dbPath, config);
  if (mismatch) fail(mismatch);
  const outDir = resolve(opts.out ?? configPath(config, "out"));
  const { runMetrics } = await import("../metrics/engine/index.ts");
  const bar = stepProgressBar("metrics");
  let result;
  try {
    result = await runMetrics({ config, dbPath, outDir, onProgress: (p) => bar.update(p.step, p.done, p.total) });
  } finally {
    bar.stop();
  }
  for (const warning of result.warnings) process.stderr.write(`metrics: ${warning}\n`);
  const reused = result.total - result.computed;
  const byUnits = result.keptByUnits ? `, ${result.keptByUnits} of them with changed inputs but the same units` : "";
  const incremental = reused ? ` (${result.computed} of ${result.total} metrics recomputed; ${reused} kept from an earlier run${byUnits})` : "";
  const d = result.disclosure;
  process.stderr.write(
    `metrics: disclosure control hid ${d.primary.toLocaleString("en-GB")} primary cells and ${d.secondary.toLocaleString("en-GB")} secondary cells (${d.rounds} rounds, ${d.seconds.toFixed(1)} s)\n`,
  );
  const { describeSuggestions } = await import("../metrics/engine/spc-suggest.ts");
  for (const line of describeSuggestions(result.suggestions, { breakdowns: ["alliance"] })) process.stderr.write(`metrics: ${line}\n`);
  process.stderr.write(`metrics: ${result.rows.toLocaleString("en-GB")} metric values${incremental} in ${result.seconds.toFixed(1)} s; written to ${outDir}\n`);
}

/**
 * The static site: Observable Framework runs the data loaders in src/data/, which read the published
 * (disclosure-controlled) outputs of the config named in ALLIANCE_CONFIG.
 */
async function buildSite(configFile: string): Promise<void> {
  const { spawnSync } = await import("node:child_process");
  const root = resolve(import.meta.dirname, "..");
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js"), "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ALLIANCE_CONFIG: resolve(configFile) },
  });
  if (result.status !== 0) fail(`site build failed: ${(result.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  const output = resolve(root, process.env.ALLIANCE_SITE_OUT ?? "dist");
  process.stderr.write(`site: built into ${output} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export function buildProgram(): Command {
  const program = new Command("alliance")
    .description("Alliance Outcomes: check, link and report partner exports for a palliative and end-of-life care alliance")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const withConfig = (cmd: Command) => cmd.option("--config <file>", "alliance config (JSON)", DEFAULT_CONFIG);

  withConfig(program.command("demo-data"))
    .description("write synthetic, pseudonymised partner exports and their config under --out")
    .requiredOption("--out <dir>", "folder to write (exports/ and alliance.json)")
    .option("--seed <n>", "random seed", positiveInt, 1)
    .option("--scale <scale>", "demo | ics | national", "demo")
    .option("--as-of <period>", "the tree as partners had sent it by the due date after this quarter", period)
    .option("--if-missing", "do nothing when <out>/exports already exists")
    .option("--native", "also write the extracts in native form, with a mapping file per partner and quarter, under <out>/native")
    .action(async (opts) => {
      if (!["demo", "ics", "national", "tiny"].includes(opts.scale)) fail(`--scale must be demo, ics or national (got '${opts.scale}')`);
      if (opts.ifMissing && existsSync(join(opts.out, "exports"))) {
        process.stderr.write(`demo-data: ${join(opts.out, "exports")} exists; nothing to do\n`);
        return;
      }
      const { generateDemoData } = await import("../demo/generate.ts");
      const bar = stepProgressBar("demo-data");
      const started = Date.now();
      try {
        const result = await generateDemoData({
          outDir: opts.out, seed: opts.seed, scale: opts.scale, asOf: opts.asOf,
          onProgress: (step: string, done: number, total: number) => bar.update(step, done, total),
        });
        bar.stop();
        process.stderr.write(
          `demo-data: ${result.files} files, ${result.rows.toLocaleString("en-GB")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s; config ${result.configPath}\n`,
        );
        if (opts.native) {
          const native = await (await import("../demo/native-run.ts")).writeNativeForm(opts.out);
          process.stderr.write(`demo-data: native form: ${native.files} files in ${native.folders} partner-quarter folders under ${join(opts.out, "native")}\n`);
        }
      } finally {
        bar.stop();
      }
    });

  withConfig(program.command("check"))
    .description("validate exports without loading them")
    .option("--exports <dir>", "exports folder (default: the config's paths.exports)")
    .option("--report <file>", "write the JSON report (and a CSV of rejected rows beside it)")
    .action(async (opts) => {
      process.exitCode = await runIngest(opts, false);
    });

  withConfig(program.command("ingest"))
    .description("validate and load exports into the DuckDB file; replaces it only when the load succeeded")
    .option("--exports <dir>", "exports folder (default: the config's paths.exports)")
    .option("--db <file>", "DuckDB file (default: the config's paths.db)")
    .option("--report <file>", "JSON report (default: ingest-report.json beside the database)")
    .option("--wait [seconds]", "if another ingest holds the database, wait for it (default: exit 2 at once)", positiveInt)
    .action(async (opts) => {
      process.exitCode = await runIngest(opts, true);
    });

  withConfig(program.command("metrics"))
    .description("compute every metric, comparison and SPC series; write metric_values, spc, published/ and definitions.json")
    .option("--db <file>", "DuckDB file made by ingest (default: the config's paths.db)")
    .option("--out <dir>", "output folder (default: the config's paths.out)")
    .action(async (opts) => {
      await runMetricsCommand(opts);
    });

  withConfig(program.command("spc-suggest"))
    .description("list the SPC recalculations the last metrics run proposes, each with the config line that accepts it")
    .option("--out <dir>", "metrics output folder (default: the config's paths.out)")
    .option("--all", "every series (default: the alliance and locality series)")
    .action(async (opts) => {
      const config = await loadConfig(opts.config);
      const outDir = resolve(opts.out ?? configPath(config, "out"));
      const { describeSuggestions, readSuggestions } = await import("../metrics/engine/spc-suggest.ts");
      const file = join(outDir, "spc_suggestions.csv");
      if (!existsSync(file)) fail(`no SPC suggestions found: ${file} (run metrics first)`);
      const lines = describeSuggestions(readSuggestions(file), { breakdowns: opts.all ? null : ["alliance", "locality"] });
      process.stdout.write(lines.join("\n") + "\n");
    });

  registerPackCommands(program, withConfig);
  registerPartnerKitCommand(program);

  withConfig(program.command("build"))
    .description("the whole main job on the configured exports: ingest, metrics, site (with the latest quarter's packs)")
    .action(async (opts) => {
      const code = await runIngest(opts, true);
      if (code === EXIT_DATA_PROBLEMS) process.stderr.write("build: some rows or files were not loaded; see the ingest report\n");
      await runMetricsCommand(opts);
      await buildSite(opts.config);
      await buildSitePacks(opts.config);
      process.exitCode = 0;
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") process.exit(0);
      // commander has already printed its one-line message
      process.exit(EXIT_USAGE);
    }
    if (e instanceof ConfigError || e instanceof UsageError || e instanceof LockedError) fail(e.message);
    if (process.env.ALLIANCE_DEBUG) throw e;
    fail(`${(e as Error).message.split("\n")[0]} (set ALLIANCE_DEBUG=1 for details)`);
  }
}

await main(process.argv.slice(2));
