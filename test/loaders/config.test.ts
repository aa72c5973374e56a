import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../loaders/contract/config.ts";
import { SMALL_CONFIG } from "../helpers/exports.ts";

const base = () => JSON.parse(readFileSync(SMALL_CONFIG, "utf8"));

function errorOf(mutate: (c: any) => void): string {
  const config = base();
  mutate(config);
  try {
    parseConfig(config, "alliance.json");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("config was accepted");
}

describe("alliance config", () => {
  it("accepts the test config and the bundled demo config", () => {
    expect(parseConfig(base(), SMALL_CONFIG).partners).toHaveLength(5);
    expect(parseConfig(JSON.parse(readFileSync("data/alliance.json", "utf8")), "data/alliance.json").practices.length).toBeGreaterThan(20);
  });
  it("names the field in every message", () => {
    expect(errorOf((c) => (c.partners[1].kind = "hospital"))).toMatch(/partners\[1\]\.kind/);
    expect(errorOf((c) => (c.partners[0].datasets = ["deaths", "death_register"]))).toMatch(/partners\[0\]\.datasets\[1\]/);
    expect(errorOf((c) => (c.practices[0].code = "12345"))).toMatch(/practices\[0\]\.code: must be an ODS practice code/);
    expect(errorOf((c) => (c.practices[1].locality = "EAST"))).toMatch(/practices\[1\]\.locality: locality EAST/);
    expect(errorOf((c) => (c.baseline.to = "2025-02-30"))).toMatch(/baseline\.to: must be a date/);
    expect(errorOf((c) => delete c.paths)).toMatch(/^invalid config alliance\.json: paths/);
    expect(errorOf((c) => (c.targets[0].metric = "ppd2"))).toMatch(/targets\[0\]\.metric/);
    expect(errorOf((c) => (c.disclosure.suppress = [7, 1]))).toMatch(/disclosure\.suppress/);
    expect(errorOf((c) => (c.surprise = true))).toMatch(/surprise/);
    expect(errorOf((c) => c.partners.push({ ...c.partners[0] }))).toMatch(/partner code GPFED appears more than once/);
  });
  it("resolves relative paths from the config's folder", () => {
    const config = parseConfig(base(), SMALL_CONFIG);
    expect(config.configDir).toMatch(/test\/fixtures\/small$/);
  });
});
