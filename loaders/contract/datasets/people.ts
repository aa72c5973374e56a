import { DIAGNOSIS_GROUPS, defineDataset } from "../dataset-spec.ts";

export default defineDataset({
  name: "people",
  kind: "snapshot",
  description:
    "One row per person in the alliance cohort: everyone ever on the palliative care register and every patient of a member practice who died. A person who died keeps their last row.",
  uniqueKey: ["person_id"],
  fields: [
    { name: "person_id", type: "id", required: true },
    { name: "practice_code", type: "code", required: true, codesFrom: "practices", notes: "ODS code of the registered GP practice; must be in the alliance config" },
    { name: "sex", type: "code", required: true, codes: ["1", "2", "9", "X"] },
    { name: "age_band", type: "code", required: true, codes: ["0-17", "18-49", "50-64", "65-74", "75-84", "85+"] },
    { name: "ethnic_category", type: "code", codes: ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z", "99"] },
    { name: "imd_quintile", type: "int", min: 1, max: 5 },
    { name: "diagnosis_group", type: "code", required: true, codes: DIAGNOSIS_GROUPS },
  ],
});
