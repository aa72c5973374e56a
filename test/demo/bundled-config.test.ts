import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildConfig, buildPractices, scaleSpec } from "../../demo/scales.ts";

/** `npm run build` regenerates the demo exports from data/alliance.json's generator: the two must agree. */
describe("bundled demo config", () => {
  it("is exactly what demo-data writes for the default seed and scale", () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "data", "alliance.json"), "utf8"));
    const spec = scaleSpec("demo");
    expect(buildConfig(spec, buildPractices(spec, 1))).toEqual(committed);
  });
});
