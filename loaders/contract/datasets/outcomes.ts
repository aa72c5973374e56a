import { defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "outcomes",
  kind: "event",
  description: "Patient-reported and clinician-rated outcome assessments (IPOS, AKPS, Phase of Illness).",
  uniqueKey: ["assessment_id"],
  eventDate: "assessment_date",
  fields: [
    { name: "assessment_id", type: "text", required: true },
    { name: "person_id", type: "id", required: true },
    { name: "episode_id", type: "text", required: true, notes: "an episode of specialist care" },
    { name: "assessment_date", type: "date", required: true },
    { name: "phase", type: "code", required: true, codes: ["stable", "unstable", "deteriorating", "dying", "deceased"] },
    { name: "ipos_total", type: "int", min: 0, max: 68, notes: "IPOS total score, lower is better" },
    { name: "akps", type: "int", min: 10, max: 100, step: 10, notes: "Australia-modified Karnofsky" },
  ],
});
