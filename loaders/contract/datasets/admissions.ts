import { defineDataset } from "../dataset-spec.ts";

export const EMERGENCY_ADMISSION_METHODS = ["21", "22", "23", "24", "25", "2A", "2B", "2C", "2D", "28"];

export default defineDataset({
  name: "admissions",
  kind: "event",
  description: "Hospital provider spells starting in the quarter, for adults registered with a member practice.",
  uniqueKey: ["spell_id"],
  eventDate: "admission_date",
  fields: [
    { name: "spell_id", type: "text", required: true, notes: "unique within the partner" },
    { name: "person_id", type: "id", required: true },
    { name: "admission_date", type: "date", required: true },
    { name: "discharge_date", type: "date", notBefore: "admission_date", notes: "blank while still in hospital" },
    {
      name: "admission_method",
      type: "code",
      required: true,
      codes: ["11", "12", "13", ...EMERGENCY_ADMISSION_METHODS, "31", "32", "81", "82", "83", "99"],
    },
    { name: "discharge_method", type: "code", codes: ["1", "2", "3", "4", "5", "8", "9"], notes: "4 = died in hospital" },
    { name: "patient_classification", type: "code", codes: ["1", "2", "3", "4", "5"], notes: "3 and 4 are left out of admission metrics" },
    {
      name: "admission_source",
      type: "code",
      codes: ["19", "29", "39", "37", "40", "42", "49", "51", "52", "53", "54", "65", "66", "79", "85", "86", "87", "88", "98", "99"],
      otherCodesPattern: "^[A-Za-z0-9]{2}$",
      notes: "NHS Data Dictionary admission source; any other two-character code loads with a warning",
    },
    // No single hospital spell costs a million pounds: a larger figure is a typo or a total, loaded as blank.
    { name: "spell_cost_gbp", type: "decimal", min: 0, max: 1_000_000 },
  ],
});
