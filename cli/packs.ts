import { type Command, InvalidArgumentError } from "commander";
import { parseQuarter } from "../loaders/contract/periods.ts";
import { buildPacksIntoSite, type Progress, runBoardPack, runEvidencePack } from "../packs/run.ts";
import { stepProgressBar } from "./progress.ts";

/**
 * The pack commands: `board-pack` (the quarterly board paper as PDF) and `evidence-pack` (a folder and ZIP of
 * figures, charts, statements and definitions per metric), and the packs `build` puts in the site.
 */

const quarter = (value: string) => {
  if (!parseQuarter(value)) throw new InvalidArgumentError("must be a financial-year quarter such as 2024-25-Q3");
  return value;
};

const BOARD_STEPS = ["check", "site", "open", "print", "contents", "print with contents", "write"];
const EVIDENCE_STEPS = ["check", "site", "open", "charts", "figures", "zip", "write"];
const BUILD_STEPS = ["open", "charts", "figures", "print", "contents", "print with contents", "write"];

/** Progress on stderr: a step counter, and notes on their own lines. */
function progressBar(label: string, steps: string[]): Progress & { stop(finished: boolean): void } {
  const bar = stepProgressBar(label);
  let done = 0;
  return {
    step(name) {
      const index = steps.indexOf(name);
      done = index >= 0 ? Math.max(done, index) : done;
      bar.update(name, done, steps.length);
    },
    note(message) {
      process.stderr.write(`\n${label}: ${message}\n`);
    },
    stop(finished) {
      if (finished) bar.update("done", steps.length, steps.length);
      bar.stop();
    },
  };
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function summarise(label: string, problems: string[]): void {
  for (const line of problems) process.stderr.write(`${label}: ${line}\n`);
}

export function registerPackCommands(program: Command, withConfig: (cmd: Command) => Command): void {
  withConfig(program.command("board-pack"))
    .description("the quarterly board pack as a PDF (A4): summary, one section per metric family, contract KPIs, data completeness, definitions")
    .requiredOption("--period <quarter>", "the quarter, e.g. 2024-25-Q3", quarter)
    .requiredOption("--out <file.pdf>", "the PDF to write")
    .action(async (opts) => {
      const progress = progressBar("board-pack", BOARD_STEPS);
      let result;
      try {
        result = await runBoardPack(opts, progress);
      } finally {
        progress.stop(result !== undefined);
      }
      summarise("board-pack", result.problems);
      process.stderr.write(`board-pack: ${result.pages} pages (${megabytes(result.bytes)}) for ${opts.period} written to ${result.out} in ${result.seconds.toFixed(1)} s\n`);
    });

  withConfig(program.command("evidence-pack"))
    .description("per metric: disclosure-controlled CSVs, SVG and PNG charts, a before/after statement, definition, sources and completeness, and how to cite; a folder and a ZIP of it")
    .requiredOption("--period <quarter>", "the quarter, e.g. 2024-25-Q3", quarter)
    .option("--metrics <ids>", "comma-separated metric ids (default: every metric)")
    .requiredOption("--out <dir>", "the folder to write (DIR.zip is written beside it)")
    .action(async (opts) => {
      const progress = progressBar("evidence-pack", EVIDENCE_STEPS);
      let result;
      try {
        result = await runEvidencePack(opts, progress);
      } finally {
        progress.stop(result !== undefined);
      }
      summarise("evidence-pack", result.problems);
      process.stderr.write(
        `evidence-pack: ${result.metrics} metrics, ${result.files} files for ${opts.period} written to ${result.out} and ${result.zip} (${megabytes(result.bytes)}) in ${result.seconds.toFixed(1)} s\n`,
      );
    });
}

/** Called by `build` once the site is built: the latest quarter's packs into the site's downloads/ folder. */
export async function buildSitePacks(configFile: string): Promise<void> {
  const progress = progressBar("packs", BUILD_STEPS);
  let result;
  try {
    result = await buildPacksIntoSite(configFile, progress);
  } finally {
    progress.stop(result !== undefined);
  }
  if (result)
    process.stderr.write(
      `packs: board pack (${result.manifest.board_pack.pages} pages) and evidence pack (${result.manifest.evidence_pack.metrics} metrics) for ${result.manifest.period} in the site's downloads/ in ${result.seconds.toFixed(1)} s\n`,
    );
}
