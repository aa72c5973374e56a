import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { DATASET_NAMES } from "./datasets/index.ts";
import { isValidIsoDate } from "./periods.ts";

/** The alliance config, exactly as `interfaces.md` lays it out. */

const isoDate = z.string().refine(isValidIsoDate, { message: "must be a date written YYYY-MM-DD" });
const fraction = z.number().finite();
const metricId = z.string().regex(/^[A-Z]+-\d{2}$/, { message: "must be a metric id such as PPD-02" });

export const PARTNER_KINDS = ["primary_care", "acute", "community", "hospice", "bereavement", "other"] as const;

const partnerSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, { message: "must be upper-case letters, digits or _ (e.g. HOSPICE1)" }),
    name: z.string().min(1),
    kind: z.enum(PARTNER_KINDS),
    datasets: z.array(z.enum(DATASET_NAMES)).min(1),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();

const practiceSchema = z
  .object({
    code: z.string().regex(/^[A-Z]\d{5}$/, { message: "must be an ODS practice code: a letter and five digits" }),
    name: z.string().min(1),
    pcn: z.string().min(1),
    locality: z.string().min(1),
  })
  .strict();

const windowSchema = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((w) => w.from <= w.to, { message: "from must not be after to" });

export const configSchema = z
  .object({
    name: z.string().min(1),
    partners: z.array(partnerSchema).min(1),
    localities: z.array(z.object({ code: z.string().min(1), name: z.string().min(1) }).strict()).min(1),
    practices: z.array(practiceSchema).min(1),
    dataFrom: isoDate,
    baseline: windowSchema,
    contract: windowSchema,
    submissions: z.object({ dueDaysAfterQuarterEnd: z.number().int().min(0).max(366) }).strict(),
    paths: z
      .object({ exports: z.string().min(1), db: z.string().min(1), out: z.string().min(1) })
      .strict(),
    rebase: z
      .array(
        z
          .object({
            metric: metricId,
            month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "must be a month written YYYY-MM" }),
            reason: z.string().min(1),
            /**
             * The alliance has seen the shift that starts here and keeps the limits as they are (e.g. to show
             * the change against the baseline process): no recalculation, and the assurance icon is not withheld.
             */
            keep: z.boolean().optional(),
          })
          .strict(),
      )
      .default([]),
    /** SPC rules: the run (shift) length, 7 by default or 6 as the Making Data Count Excel tool allows. */
    spc: z
      .object({ runLength: z.union([z.literal(7), z.literal(6)], { message: "must be 7 or 6" }).default(7) })
      .strict()
      .default({ runLength: 7 }),
    targets: z
      .array(z.object({ metric: metricId, target: fraction, tolerance: fraction.min(0) }).strict())
      .default([]),
    disclosure: z
      .object({
        suppress: z
          .tuple([z.number().int().min(1), z.number().int().min(1)])
          .refine(([lo, hi]) => lo <= hi, { message: "the first number must not exceed the second" }),
        roundTo: z.number().int().positive().nullable(),
      })
      .strict(),
    costs: z.object({ emergencySpellGbp: z.number().nonnegative() }).strict(),
    benchmarks: z
      .array(
        z
          .object({ metric: metricId, period: z.string().min(1), value: z.number().finite(), source: z.string().min(1) })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const duplicates = (codes: string[]) => codes.filter((c, i) => codes.indexOf(c) !== i);
    for (const code of duplicates(config.partners.map((p) => p.code)))
      ctx.addIssue({ code: "custom", path: ["partners"], message: `partner code ${code} appears more than once` });
    for (const code of duplicates(config.practices.map((p) => p.code)))
      ctx.addIssue({ code: "custom", path: ["practices"], message: `practice code ${code} appears more than once` });
    const localities = new Set(config.localities.map((l) => l.code));
    config.practices.forEach((p, i) => {
      if (!localities.has(p.locality))
        ctx.addIssue({
          code: "custom",
          path: ["practices", i, "locality"],
          message: `locality ${p.locality} is not one of the config's localities`,
        });
    });
    config.partners.forEach((p, i) => {
      if (p.from && p.to && p.from > p.to)
        ctx.addIssue({ code: "custom", path: ["partners", i, "to"], message: "must not be before from" });
    });
    if (!/-04-01$/.test(config.dataFrom))
      ctx.addIssue({ code: "custom", path: ["dataFrom"], message: "must be the first day of a financial year quarter (1 April)" });
  });

export type AllianceConfig = z.infer<typeof configSchema> & {
  /** the folder the config was read from; relative paths resolve from here */
  configDir: string;
  configPath: string;
};

export class ConfigError extends Error {}

/** One line per problem, each naming the field by its path, e.g. `partners[1].kind: …`. */
export function describeZodIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
        .join("");
      return `${path || "(top level)"}: ${issue.message}`;
    })
    .join("; ");
}

export function parseConfig(json: unknown, configPath: string): AllianceConfig {
  const result = configSchema.safeParse(json);
  if (!result.success) throw new ConfigError(`invalid config ${configPath}: ${describeZodIssues(result.error.issues)}`);
  return { ...result.data, configDir: dirname(resolve(configPath)), configPath: resolve(configPath) };
}

export function loadConfig(configPath: string): AllianceConfig {
  let text: string;
  try {
    text = readFileSync(configPath, "utf8");
  } catch {
    throw new ConfigError(`cannot read config file ${configPath}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${configPath} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(json, configPath);
}

/** Resolves one of the config's `paths` (relative ones from the config file's folder). */
export function configPath(config: AllianceConfig, key: keyof AllianceConfig["paths"]): string {
  return resolve(config.configDir, config.paths[key]);
}
