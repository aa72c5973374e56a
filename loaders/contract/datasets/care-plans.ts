import { PLACES, defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "care_plans",
  kind: "event",
  description: "Advance care planning records made in the quarter (ACP, ReSPECT, preferred place of death).",
  uniqueKey: [],
  eventDate: "recorded_date",
  fields: [
    { name: "person_id", type: "id", required: true },
    { name: "record_type", type: "code", required: true, codes: ["acp", "respect", "ppod"] },
    { name: "recorded_date", type: "date", required: true },
    {
      name: "preferred_place",
      type: "code",
      codes: [...PLACES, "no_preference"],
      requiredWhen: { field: "record_type", equals: ["ppod"] },
    },
  ],
});
