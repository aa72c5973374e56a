import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "carers",
  kind: "snapshot",
  description: "Carers identified by hospices, the community trust and the bereavement service.",
  uniqueKey: ["carer_id", "person_id"],
  fields: [
    { name: "carer_id", type: "id", required: true },
    { name: "person_id", type: "id", required: true, notes: "the person cared for" },
    { name: "identified_date", type: "date", required: true },
    { name: "assessment_offered_date", type: "date" },
    { name: "assessment_completed_date", type: "date", notBefore: "assessment_offered_date" },
    { name: "support_started_date", type: "date" },
    { name: "bereavement_contact_date", type: "date", notes: "first bereavement support contact after the person's death" },
  ],
});
