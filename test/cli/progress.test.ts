import { describe, expect, it } from "vitest";
import { fileProgressBar, stepProgressBar } from "../../cli/progress.ts";

/** Off a terminal (a build log), a progress bar writes one line per step, not one per redraw. */
function logSink() {
  const lines: string[] = [];
  return { lines, sink: { isTTY: false, write: (text: string) => void lines.push(text) } };
}

describe("progress off a terminal", () => {
  it("a files bar writes one line however often it is updated", () => {
    const { lines, sink } = logSink();
    const bar = fileProgressBar("ingest", sink);
    for (let i = 0; i <= 700; i++) bar.update(i, 704, i * 100, `ACUTE/file-${i}.csv`);
    bar.stop();
    expect(lines).toEqual(["ingest: reading 704 files\n"]);
  });

  it("a step bar writes one line for the whole step", () => {
    const { lines, sink } = logSink();
    const bar = stepProgressBar("metrics", sink);
    for (let i = 0; i < 33; i++) bar.update(`step ${i}`, i, 33);
    bar.stop();
    expect(lines).toEqual(["metrics: 33 steps\n"]);
  });

  it("a bar never updated writes nothing", () => {
    const { lines, sink } = logSink();
    stepProgressBar("packs", sink).stop();
    expect(lines).toEqual([]);
  });
});
