import { z } from "zod";

/**
 * A partner dataset, stated once as data. The row checks (generated SQL), the staging tables, the demo
 * generator and the documentation all read these specs, so `data-contract.md` has exactly one executable form.
 */

export const FIELD_TYPES = ["id", "code", "date", "datetime", "int", "decimal", "text"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const fieldSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    /** for `code`: the accepted codes, matched case-insensitively and stored as written here */
    codes: z.array(z.string().min(1)).optional(),
    /** for `code`: the accepted codes come from the alliance config instead (member practices) */
    codesFrom: z.enum(["practices"]).optional(),
    /** for `code`: other values that load, with a warning, when they match this pattern */
    otherCodesPattern: z.string().optional(),
    /** for `int` and `decimal` */
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().positive().optional(),
    /** the value must not be before this other date/datetime field of the same row */
    notBefore: z.string().optional(),
    /** required when this other field is not blank */
    requiredWhenSet: z.string().optional(),
    /** required when another field holds one of these codes */
    requiredWhen: z.object({ field: z.string(), equals: z.array(z.string()) }).optional(),
    notes: z.string().default(""),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === "code" && !f.codes?.length === !f.codesFrom) ctx.addIssue({ code: "custom", message: `${f.name}: a code field needs codes` });
    if (f.type !== "code" && (f.codes || f.codesFrom || f.otherCodesPattern))
      ctx.addIssue({ code: "custom", message: `${f.name}: codes only apply to code fields` });
  });

export const datasetSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z_]+$/),
    kind: z.enum(["event", "snapshot"]),
    description: z.string().min(1),
    fields: z.array(fieldSchema).min(1),
    /**
     * Rows sharing these fields within one file are all rejected; across files of one partner the row from the
     * greatest period wins. Empty: no key (every row is its own record).
     */
    uniqueKey: z.array(z.string()),
    /** event datasets: the date that places a row in a quarter (the first date field) */
    eventDate: z.string().optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const names = new Set(spec.fields.map((f) => f.name));
    const refs = [
      ...spec.uniqueKey,
      ...(spec.eventDate ? [spec.eventDate] : []),
      ...spec.fields.flatMap((f) => [f.notBefore, f.requiredWhenSet, f.requiredWhen?.field].filter((x): x is string => !!x)),
    ];
    for (const r of refs) if (!names.has(r)) ctx.addIssue({ code: "custom", message: `${spec.name}: unknown field ${r}` });
    if (spec.kind === "event" && !spec.eventDate && spec.fields.some((f) => f.type === "date" || f.type === "datetime"))
      ctx.addIssue({ code: "custom", message: `${spec.name}: an event dataset with dates needs eventDate` });
  });

export type DatasetSpec = z.infer<typeof datasetSpecSchema>;
export type FieldSpec = DatasetSpec["fields"][number];
export type DatasetSpecInput = z.input<typeof datasetSpecSchema>;

export function defineDataset(spec: DatasetSpecInput): DatasetSpec {
  return datasetSpecSchema.parse(spec);
}

/** Shared code lists. */
export const DIAGNOSIS_GROUPS = ["cancer", "organ_failure", "frailty_dementia", "neurological", "other", "unknown"];
export const PLACES = ["home", "care_home", "hospice", "hospital", "other"];
