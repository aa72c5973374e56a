import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DATASET_NAMES } from "../loaders/contract/datasets/index.ts";

/**
 * Presets: how a national-standard extract's columns and codes map onto the contract. Each is a data file in
 * kit/presets/ naming its source and version; the set-based work each needs beyond renaming (episodes into
 * spells, the place-of-death rule, register episodes) is in transforms.ts.
 */

export const PRESET_NAMES = ["hes-apc", "ons-deaths", "gp-snomed", "epaccs"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const presetSchema = z
  .object({
    name: z.enum(PRESET_NAMES),
    description: z.string().min(1),
    source: z.string().min(1),
    version: z.string().min(1),
    datasets: z.array(z.enum(DATASET_NAMES)).min(1),
    /** internal field -> the column name the national standard gives it */
    columns: z.record(z.string(), z.string()),
    required: z.array(z.string()),
    values: z.record(z.string(), z.record(z.string(), z.string())),
    /** dates the standard uses for "not known" (HES: 1800-01-01 null, 1801-01-01 invalid) */
    nullDates: z.array(z.string()).default([]),
    /** extra lookups the mapping's `values` may add to (e.g. gp-snomed's code meanings) */
    valueFields: z.array(z.string()).default([]),
  })
  .strict();

export type Preset = z.infer<typeof presetSchema>;

export const PRESETS_DIR = join(import.meta.dirname, "presets");
export const CODES_DIR = join(import.meta.dirname, "codes");

const cache = new Map<string, Preset>();

export function presetByName(name: PresetName): Preset {
  let preset = cache.get(name);
  if (!preset) {
    preset = presetSchema.parse(JSON.parse(readFileSync(join(PRESETS_DIR, `${name}.json`), "utf8")));
    cache.set(name, preset);
  }
  return preset;
}
