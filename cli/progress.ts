import cliProgress from "cli-progress";

/**
 * Progress on stderr. On a terminal, a bar redrawn in place. Anywhere else (a CI or build log, a pipe, a test
 * that captures stderr), a redrawn bar would be a new line every few seconds, so each step writes one line when it
 * starts and the command writes its own summary line when it ends.
 */
export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

const stderrSink = (): ProgressSink => ({ isTTY: Boolean(process.stderr.isTTY), write: (text) => void process.stderr.write(text) });

interface Bar<Args extends unknown[]> {
  update(...args: Args): void;
  stop(): void;
}

/**
 * One progress bar: `start` and `update` for a terminal, `startLine` for the single line written off a terminal.
 */
function progressBar<Args extends unknown[]>(
  sink: ProgressSink,
  format: string,
  startLine: (...args: Args) => string,
  values: (...args: Args) => { done: number; total: number; payload: Record<string, string> },
): Bar<Args> {
  let started = false;
  if (!sink.isTTY) {
    return {
      update(...args) {
        if (started) return;
        started = true;
        sink.write(`${startLine(...args)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format, hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  return {
    update(...args) {
      const { done, total, payload } = values(...args);
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A files-and-rows progress bar. */
export function fileProgressBar(label: string, sink: ProgressSink = stderrSink()) {
  return progressBar<[done: number, total: number, rows: number, file: string]>(
    sink,
    `${label} [{bar}] {value}/{total} files | {rows} rows | {file}`,
    (_done, total) => `${label}: reading ${total.toLocaleString("en-GB")} files`,
    (done, total, rows, file) => ({ done, total, payload: { rows: rows.toLocaleString("en-GB"), file } }),
  );
}

/** A step counter for work measured in steps rather than files (the demo generator, metrics, packs). */
export function stepProgressBar(label: string, sink: ProgressSink = stderrSink()) {
  return progressBar<[step: string, done: number, total: number]>(
    sink,
    `${label} [{bar}] {value}/{total} {step}`,
    (_step, _done, total) => `${label}: ${total} steps`,
    (step, done, total) => ({ done, total, payload: { step } }),
  );
}
