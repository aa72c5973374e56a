import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "fast_track",
  kind: "event",
  description: "Fast-track continuing healthcare applications made in the quarter.",
  uniqueKey: ["application_id"],
  eventDate: "application_date",
  fields: [
    { name: "application_id", type: "text", required: true },
    { name: "person_id", type: "id", required: true },
    { name: "application_date", type: "date", required: true },
    { name: "package_start_date", type: "date", notes: "blank if no package started" },
    { name: "outcome", type: "code", required: true, codes: ["approved", "declined", "died_before_package", "pending"] },
  ],
});
