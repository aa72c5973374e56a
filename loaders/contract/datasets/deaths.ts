import { DIAGNOSIS_GROUPS, defineDataset } from "../dataset-spec.ts";

export const PLACES_OF_DEATH = ["hospital", "home", "care_home", "hospice", "religious", "other"];

/** Places of death in the person's usual place of residence, by OHID's rule (deaths in usual place of residence). */
export const USUAL_RESIDENCE_PLACES = ["home", "care_home", "religious"];

export default defineDataset({
  name: "deaths",
  kind: "event",
  description: "Deaths of patients of member practices, by date of death.",
  uniqueKey: ["person_id"],
  eventDate: "date_of_death",
  fields: [
    { name: "person_id", type: "id", required: true, notes: "one death per person, ever" },
    { name: "date_of_death", type: "date", required: true },
    {
      name: "place_of_death",
      type: "code",
      required: true,
      codes: PLACES_OF_DEATH,
      notes: "religious: a religious establishment, as ONS codes it (a usual place of residence in OHID's rule)",
    },
    { name: "usual_residence", type: "code", required: true, codes: ["home", "care_home", "other"] },
    { name: "expected_death", type: "code", codes: ["Y", "N", "U"] },
    { name: "external_cause", type: "code", codes: ["Y", "N"], notes: "Y when the underlying cause is external (ICD-10 V01–Y89, U50.9)" },
    { name: "cause_group", type: "code", codes: DIAGNOSIS_GROUPS },
    {
      name: "ppod_variance_reason",
      type: "code",
      codes: ["rapid_deterioration", "clinical_need", "changed_mind", "carer_unable", "no_service_or_bed", "other"],
    },
    { name: "registration_date", type: "date", notBefore: "date_of_death", notes: "date the death was registered (ONS publishes by it)" },
  ],
});
