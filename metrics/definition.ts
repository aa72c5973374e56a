import { z } from "zod";
import { DATASET_NAMES } from "../loaders/contract/datasets/index.ts";

/**
 * A metric definition, one file per metric under `metrics/definitions/`. The file states the metric in plain
 * English (for the definitions page) and as SQL over the linked core model (`loaders/core/*.sql`).
 *
 * The SQL yields ONE ROW PER UNIT (a decedent, a person on the register at a date T, a carer, a referral, a
 * fast-track application, an IPOS episode, a spell ending in death, or for HOSP-05 a person-month) with:
 *
 * | column | required | meaning |
 * |---|---|---|
 * | unit_date | yes | DATE that places the unit in a period (for point-in-time metrics: T itself) |
 * | numerator, denominator | yes | the unit's contribution (0/1 for most; spells, bed days, pounds, register days) |
 * | person_id | yes | the person the unit is about (the cared-for person for CAR, BRV, PROM); breakdowns come from `people` |
 * | partner | no | the submitting partner (partner breakdowns of RESP and DQ) |
 * | practice_code | no | the practice of a unit that has no person (ID-01's list sizes) |
 * | people_key | no | who the people counts count (default person_id; carer_id for carer units) |
 * | numerator_person, denominator_person | no | whether the unit's people_key counts among numerator_people / denominator_people (default: contribution > 0) |
 * | anonymous_people | no | people behind the denominator who carry no key (ID-01: the list size); default 0 |
 *
 * The engine joins units to periods (by range for event metrics: `unit_date` within the period; by equality for
 * point-in-time metrics: `unit_date` = period end) and aggregates with GROUPING SETS over the breakdowns.
 * Parameters are passed as prepared parameters (`$data_from` …), never concatenated into the text.
 */

export const FAMILIES = [
  "place_of_death",
  "preferred_place",
  "hospital_use",
  "identification",
  "advance_care_planning",
  "carers_bereavement",
  "responsiveness",
  "outcomes",
  "data_quality",
] as const;
export type Family = (typeof FAMILIES)[number];

export const UNITS = ["percent", "per_decedent", "per_1000_register_days", "gbp_per_decedent"] as const;
export type MetricUnit = (typeof UNITS)[number];

export const DIRECTIONS = ["up", "down", "context"] as const;
export const INTERVALS = ["wilson", "byar", "none"] as const;
export type IntervalMethod = (typeof INTERVALS)[number];

/** The catalogue's breakdowns, in the order outputs list them. */
export const BREAKDOWNS = [
  "alliance",
  "locality",
  "pcn",
  "practice",
  "imd_quintile",
  "age_band",
  "sex",
  "ethnic_group",
  "diagnosis_group",
  "partner",
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Every person-based metric breaks down by all of these (catalogue, "Breakdowns"). */
export const PERSON_BREAKDOWNS = [
  "alliance",
  "locality",
  "pcn",
  "practice",
  "imd_quintile",
  "age_band",
  "sex",
  "ethnic_group",
  "diagnosis_group",
] as const satisfies readonly Breakdown[];
/** Partner-based metrics (RESP, DQ): by the submitting partner. */
export const PARTNER_BREAKDOWNS = ["alliance", "partner"] as const satisfies readonly Breakdown[];
/** ID-01: practice, PCN and locality only (and the alliance total). */
export const PRACTICE_BREAKDOWNS = ["alliance", "locality", "pcn", "practice"] as const satisfies readonly Breakdown[];

export const UNITS_OF_ANALYSIS = [
  "decedent",
  "register_person_at_date",
  "carer",
  "carer_of_decedent",
  "referral",
  "application",
  "ipos_episode",
  "spell_ending_in_death",
  "person_month",
] as const;

/** The prepared parameters a definition's SQL may use, with what the engine passes. */
export const SQL_PARAMETERS = {
  data_from: "the config's dataFrom (first day of the first quarter of data), DATE",
  data_end: "the last day of the latest quarter in the data (meta data_to_period), DATE",
  baseline_to: "the config's baseline.to, DATE (point-in-time metrics also measure at this date)",
  default_spell_cost: "the config's costs.emergencySpellGbp, DOUBLE",
} as const;
export type SqlParameter = keyof typeof SQL_PARAMETERS;
const PARAMETER_NAMES = Object.keys(SQL_PARAMETERS) as [SqlParameter, ...SqlParameter[]];

const text = z.string().trim().min(1);

export const metricDefinitionSchema = z
  .object({
    id: z.string().regex(/^[A-Z]+-\d{2}$/, { message: "must be a metric id such as PPD-02" }),
    name: text,
    family: z.enum(FAMILIES),
    definition: z
      .object({
        numerator: text,
        denominator: text,
        exclusions: text,
        /** anything else a reader needs (edge cases, rules chosen where the catalogue is silent) */
        notes: z.array(text).default([]),
      })
      .strict(),
    unit: z.enum(UNITS),
    direction: z.enum(DIRECTIONS),
    interval: z.enum(INTERVALS),
    /** every partner dataset the value rests on (incomplete flags look at these submissions) */
    datasets: z.array(z.enum(DATASET_NAMES)).min(1),
    /** the dataset the units are drawn from (partner breakdown rows are listed for its partners) */
    unitDataset: z.enum(DATASET_NAMES),
    unitOfAnalysis: z.enum(UNITS_OF_ANALYSIS),
    /** which date places a unit in a period, in words */
    dateBasis: text,
    breakdowns: z.array(z.enum(BREAKDOWNS)).min(1),
    national: z
      .object({
        /** on the metric's own scale (a fraction for %), null when only a related figure exists */
        value: z.number().finite().nullable(),
        period: z.string().nullable(),
        source: text,
        note: z.string().default(""),
      })
      .strict()
      .nullable(),
    /** days before the period start that the value looks back to (0, 90, 365) */
    lookbackDays: z.number().int().min(0).max(3660),
    /** measured at T = period end (a rolling-12 value is the value at its quarter's end, never a sum) */
    pointInTime: z.boolean(),
    /**
     * Days the numerator looks forward from the unit date (catalogue, "Open follow-up"): a unit whose window has
     * not closed by the data end is left out of numerator and denominator, and a period where such units are
     * more than 10% of its units is empty with `follow_up_open`. 0: the numerator does not look forward.
     */
    followUpDays: z.number().int().min(0).max(3660).default(0),
    /**
     * Counts records of any date up to T or to death (catalogue, "Incomplete"): a missing event submission of
     * its datasets anywhere from `dataFrom` to the period end leaves the value incomplete.
     */
    lookbackToDataFrom: z.boolean().default(false),
    sql: text,
    parameters: z.array(z.enum(PARAMETER_NAMES)).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (!d.breakdowns.includes("alliance")) issue(["breakdowns"], "must include the alliance total");
    if (new Set(d.breakdowns).size !== d.breakdowns.length) issue(["breakdowns"], "lists a breakdown twice");
    if (!d.datasets.includes(d.unitDataset)) issue(["unitDataset"], `${d.unitDataset} is not among the datasets`);
    if (d.pointInTime && d.lookbackDays !== 0) issue(["lookbackDays"], "a point-in-time metric has no look-back");
    if (d.unit === "percent" && d.interval === "byar") issue(["interval"], "a percentage takes a Wilson interval");
    if (d.unit !== "percent" && d.interval === "wilson") issue(["interval"], "a rate takes a Byar/exact interval");
    for (const column of ["unit_date", "numerator", "denominator", "person_id"])
      if (!new RegExp(`\\b${column}\\b`).test(d.sql)) issue(["sql"], `must yield a ${column} column`);
    const used = new Set([...d.sql.matchAll(/\$([a-z_]+)\b/g)].map((m) => m[1]!));
    for (const name of used)
      if (!(d.parameters as string[]).includes(name)) issue(["parameters"], `the SQL uses $${name} but does not declare it`);
    for (const name of d.parameters) if (!used.has(name)) issue(["parameters"], `declares $${name} but the SQL does not use it`);
    if (/;\s*\S/.test(d.sql)) issue(["sql"], "must be a single statement");
  });

export type MetricDefinitionInput = z.input<typeof metricDefinitionSchema>;
export type MetricDefinition = z.output<typeof metricDefinitionSchema>;

/** Validates a definition when its file is loaded; a broken definition stops with a message naming the field. */
export function defineMetric(input: MetricDefinitionInput): MetricDefinition {
  const result = metricDefinitionSchema.safeParse(input);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ");
    throw new Error(`metric definition ${input.id ?? "(no id)"} is invalid: ${where}`);
  }
  return result.data;
}

/** How a unit's value is shown: the multiplier turning numerator / denominator into the value. */
export function valueMultiplier(unit: MetricUnit): number {
  return unit === "per_1000_register_days" ? 1000 : 1;
}

/** `difference` for proportions, `ratio` for rates and pounds (no change = 1). */
export function changeScaleOf(unit: MetricUnit): "difference" | "ratio" {
  return unit === "percent" ? "difference" : "ratio";
}
