/**
 * Development runner (the product's command is `demo-data`):
 *   npx tsx demo/run.ts --out DIR [--scale tiny|demo|ics|national] [--seed N] [--as-of 2024-25-Q3]
 * Prints each step with the elapsed time; for measuring the larger scales.
 */
import { generateDemoData } from "./generate.ts";
import type { Scale } from "./scales.ts";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = opt("out");
if (!out) {
  console.error("usage: npx tsx demo/run.ts --out DIR [--scale tiny|demo|ics|national] [--seed N] [--as-of PERIOD]");
  process.exit(2);
}
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(7);
let last = "";
let lastFiles = -1;
try {
  const res = await generateDemoData({
    outDir: out,
    scale: (opt("scale") ?? "demo") as Scale,
    seed: opt("seed") !== undefined ? Number(opt("seed")) : undefined,
    asOf: opt("as-of"),
    onProgress: (step, done, total) => {
      if (step === "files") {
        const pct = Math.floor((100 * done) / Math.max(1, total));
        if (pct % 10 === 0 && pct !== lastFiles) {
          lastFiles = pct;
          console.log(`${secs()}s files ${done}/${total}`);
        }
      } else if (step !== last) console.log(`${secs()}s ${step}`);
      last = step;
    },
  });
  console.log(`${secs()}s done: ${res.files} files, ${res.rows} rows; config ${res.configPath}`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
