import type { Command } from "commander";
import { KitUsageError } from "../kit/mapping.ts";

/**
 * `partner-kit`: run by a partner on its own machine. Exit 0 written; 1 written with dropped rows; 2 usage,
 * config or secret error with nothing written. Messages name files, rows and fields, never a value.
 */
export function registerPartnerKitCommand(program: Command): void {
  program
    .command("partner-kit")
    .description("pseudonymise and map the partner's own extracts onto the contract (run on the partner's machine)")
    .requiredOption("--mapping <file>", "mapping file (JSON): partner, inputs with file, dataset, preset, columns, values")
    .requiredOption("--secret-file <file>", "the alliance's shared secret (kept outside --out, never copied)")
    .requiredOption("--period <period>", "the quarter the exports are for, e.g. 2024-25-Q3")
    .requiredOption("--out <dir>", "exports folder to write <PARTNER>/<PERIOD>/<dataset>.csv and kit-report.json into")
    .action(async (opts) => {
      const { runPartnerKit } = await import("../kit/run.ts");
      const started = Date.now();
      try {
        const { report, reportPath } = await runPartnerKit({ mappingFile: opts.mapping, secretFile: opts.secretFile, period: opts.period, outDir: opts.out });
        for (const input of report.inputs)
          process.stderr.write(
            `partner-kit: ${input.file} -> ${input.dataset}: ${input.rowsRead.toLocaleString("en-GB")} rows read, ${input.recordsWritten.toLocaleString("en-GB")} records written` +
              `${input.rowsDropped ? `, ${input.rowsDropped.toLocaleString("en-GB")} rows dropped` : ""}` +
              `${input.recordsDropped ? `, ${input.recordsDropped.toLocaleString("en-GB")} records dropped` : ""}` +
              `${input.recordsOutsidePeriod ? `, ${input.recordsOutsidePeriod.toLocaleString("en-GB")} outside ${report.period}` : ""}\n`,
          );
        for (const input of report.inputs)
          for (const m of input.partlyNotInThisExtract)
            process.stderr.write(
              `partner-kit: ${input.file}: ${m.field} is not in this extract for ${m.records.toLocaleString("en-GB")} records (${m.knownFor}), so they are not written; ` +
                `to fill them add ${m.add}\n`,
            );
        process.stderr.write(`partner-kit: ${report.partner} ${report.period} written in ${((Date.now() - started) / 1000).toFixed(1)} s; report ${reportPath}\n`);
        process.exitCode = report.exitCode;
      } catch (e) {
        if (e instanceof KitUsageError) {
          process.stderr.write(`alliance: ${e.message}\n`);
          process.exit(2);
        }
        // A database error may quote a value from the extract: it is shown only when asked for.
        if (process.env.ALLIANCE_DEBUG) throw e;
        process.stderr.write("alliance: partner-kit stopped on an unexpected error; nothing was written. Set ALLIANCE_DEBUG=1 to see it (the message may quote values from your extract)\n");
        process.exit(2);
      }
    });
}
