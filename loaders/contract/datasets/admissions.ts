import { defineDataset } from "../dataset-spec.ts";

export const EMERGENCY_ADMISSION_METHODS = ["21", "22", "23", "24", "25", "2A", "2B", "2C", "2D", "28"];

/** Transfers from another hospital provider (an emergency and a non-emergency method). */
export const TRANSFER_ADMISSION_METHODS = ["2B", "81"];

/**
 * Admission sources that mean a care home: `55` with nursing and `56` without (NHS Data Dictionary, current),
 * and the retired `54` (NHS-run care home), `65` (local authority residential) and `85` (independent care
 * home), still accepted because older spells carry them.
 */
export const CARE_HOME_ADMISSION_SOURCES = ["55", "56", "54", "65", "85"];

/** NHS Data Dictionary admission source (hospital provider spell), current codes and the retired care-home ones. */
export const ADMISSION_SOURCES = ["19", "29", "37", "39", "40", "42", "49", "51", "52", "53", ...CARE_HOME_ADMISSION_SOURCES, "66", "79", "86", "87", "88", "98", "99"];

/** NHS Data Dictionary discharge destination (hospital provider spell). */
export const DISCHARGE_DESTINATIONS = [
  "19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53", "54", "55", "56", "65", "66", "79", "84", "85", "87", "88", "98", "99",
];

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
      codes: ["11", "12", "13", ...EMERGENCY_ADMISSION_METHODS, "31", "32", "81", "82", "83", "98", "99"],
      notes: "NHS Data Dictionary admission method; 2B and 81 are transfers from another hospital provider",
    },
    { name: "discharge_method", type: "code", codes: ["1", "2", "3", "4", "5", "8", "9"], notes: "4 = died in hospital" },
    { name: "patient_classification", type: "code", codes: ["1", "2", "3", "4", "5"], notes: "3 and 4 are left out of admission metrics" },
    {
      name: "admission_source",
      type: "code",
      codes: ADMISSION_SOURCES,
      otherCodesPattern: "^[A-Za-z0-9]{2}$",
      notes: "NHS Data Dictionary admission source; 55/56 care home (retired 54, 65, 85 also mean care home); any other two-character code loads with a warning",
    },
    // No single hospital spell costs a million pounds: a larger figure is a typo or a total, loaded as blank.
    { name: "spell_cost_gbp", type: "decimal", min: 0, max: 1_000_000 },
    {
      name: "discharge_destination",
      type: "code",
      codes: DISCHARGE_DESTINATIONS,
      otherCodesPattern: "^[A-Za-z0-9]{2}$",
      notes: "NHS Data Dictionary discharge destination (79 = patient died); blank while in hospital; any other two-character code loads with a warning",
    },
  ],
});
