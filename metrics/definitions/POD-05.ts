import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { USUAL_RESIDENCE_PLACES } from "../../loaders/contract/datasets/deaths.ts";
import { DECEDENTS } from "../shared-sql.ts";

/**
 * One row per decedent whose underlying cause is not external: died in a usual place of residence (home, a care
 * home or a religious establishment: OHID's deaths in usual place of residence), or not.
 */
export const POD_05_SQL = `
with ${DECEDENTS}
select date_of_death as unit_date, person_id, partner,
  (place_of_death in (${USUAL_RESIDENCE_PLACES.map((p) => `'${p}'`).join(", ")}))::integer as numerator,
  1 as denominator
from decedents
where coalesce(external_cause, '') <> 'Y'`;

export default defineMetric({
  id: "POD-05",
  name: "Deaths in usual place of residence",
  family: "place_of_death",
  definition: {
    numerator:
      "Decedents whose underlying cause of death is not external and whose place of death is home, a care home or a religious establishment (OHID's deaths in usual place of residence).",
    denominator: "Decedents whose `external_cause` is not `Y` (a blank, not-known cause counts).",
    exclusions: "Deaths from external causes (ICD-10 V01-Y89, U50.9: `external_cause = Y`); deaths of people aged 0-17.",
    notes: [
      "Usual place of residence is home, a care home or a religious establishment, as ONS and OHID define it; the catalogue does not look at `usual_residence`, so a death in a care home counts even for a temporary resident.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: 0.45,
    period: "2015",
    source: "Dixon et al., trends in deaths in usual place of residence (https://pmc.ncbi.nlm.nih.gov/articles/PMC6817703)",
    note: "England; 38% in 2008. About 49% in 2022 from home plus care home deaths (OHID 2023), derived, not published as such.",
  },
  lookbackDays: 0,
  pointInTime: false,
  sql: POD_05_SQL,
});
