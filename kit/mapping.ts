import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { DATASET_NAMES, datasetSpec, type DatasetName } from "../loaders/contract/datasets/index.ts";
import { PRESET_NAMES, presetByName } from "./presets.ts";

/**
 * The partner's mapping file: which of its own extracts become which contract dataset, through which preset,
 * with which columns and code translations. Validated with zod; every error names the field.
 */

/** The kit's own input fields: read, used, and never written. */
export const KIT_FIELDS = ["nhs_number", "carer_nhs_number", "date_of_birth", "date_of_death", "code", "date"] as const;

export class KitUsageError extends Error {}

const inputSchema = z
  .object({
    file: z.string().min(1),
    dataset: z.enum(DATASET_NAMES),
    preset: z.enum(PRESET_NAMES).optional(),
    columns: z.record(z.string(), z.string().min(1)).default({}),
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict();

export const mappingSchema = z
  .object({
    partner: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "a partner code from the alliance config, in capitals (e.g. ACUTE)"),
    inputs: z.array(inputSchema).min(1),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    mapping.inputs.forEach((input, i) => {
      const where = (key: string) => ["inputs", i, key];
      const spec = datasetSpec(input.dataset);
      const preset = input.preset ? presetByName(input.preset) : null;
      if (preset && !preset.datasets.includes(input.dataset))
        ctx.addIssue({ code: "custom", path: where("preset"), message: `preset ${preset.name} makes ${preset.datasets.join(" or ")}, not ${input.dataset}` });
      const known = new Set<string>([...spec.fields.map((f) => f.name), ...KIT_FIELDS, ...Object.keys(preset?.columns ?? {})]);
      for (const field of Object.keys(input.columns))
        if (!known.has(field))
          ctx.addIssue({ code: "custom", path: [...where("columns"), field], message: `not a field of ${input.dataset}${preset ? ` or of preset ${preset.name}` : ""} (fields: ${[...known].join(", ")})` });
      const valueFields = new Set<string>([...spec.fields.filter((f) => f.type === "code").map((f) => f.name), ...Object.keys(preset?.columns ?? {}), ...(preset?.valueFields ?? [])]);
      for (const field of Object.keys(input.values))
        if (!valueFields.has(field))
          ctx.addIssue({ code: "custom", path: [...where("values"), field], message: `codes can only be mapped for ${[...valueFields].join(", ")}` });
    });
  });

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = Mapping["inputs"][number];

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "(top level)"}: ${issue.message}`)
    .join("; ");
}

export function parseMapping(json: unknown, source: string): Mapping {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new KitUsageError(`mapping file ${source} is not valid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export interface LoadedMapping {
  mapping: Mapping;
  /** the folder `file` paths are relative to */
  baseDir: string;
}

export function loadMapping(path: string): LoadedMapping {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new KitUsageError(`mapping file not found or unreadable: ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KitUsageError(`mapping file ${path} is not JSON: ${(e as Error).message}`);
  }
  return { mapping: parseMapping(json, path), baseDir: dirname(resolve(path)) };
}

export type { DatasetName };
