import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "register",
  kind: "snapshot",
  description: "One row per episode on the palliative care register.",
  uniqueKey: ["person_id", "date_added"],
  fields: [
    { name: "person_id", type: "id", required: true },
    { name: "practice_code", type: "code", required: true, codesFrom: "practices", notes: "must be a member practice in the alliance config" },
    { name: "date_added", type: "date", required: true },
    { name: "date_removed", type: "date", notBefore: "date_added", notes: "blank while on the register" },
    { name: "removal_reason", type: "code", codes: ["died", "discharged", "moved_away", "other"], requiredWhenSet: "date_removed" },
    { name: "keyworker_assigned_date", type: "date", notes: "when a named keyworker was assigned, if any" },
  ],
});
