import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "spc_contacts",
  kind: "event",
  description: "Specialist palliative care contacts.",
  uniqueKey: ["contact_id"],
  eventDate: "contact_date",
  fields: [
    { name: "contact_id", type: "text", required: true, notes: "unique within the partner" },
    { name: "person_id", type: "id", required: true },
    { name: "contact_date", type: "date", required: true },
    {
      name: "service",
      type: "code",
      required: true,
      codes: ["hospice_at_home", "inpatient_unit", "day_hospice", "night_service", "community_cns", "hospital_spc", "outpatient", "telephone_advice"],
    },
    { name: "contact_mode", type: "code", codes: ["face_to_face", "telephone", "video"] },
  ],
});
