import type { DatasetSpec } from "../dataset-spec.ts";
import admissions from "./admissions.ts";
import carePlans from "./care-plans.ts";
import carers from "./carers.ts";
import deaths from "./deaths.ts";
import fastTrack from "./fast-track.ts";
import outcomes from "./outcomes.ts";
import people from "./people.ts";
import practiceList from "./practice-list.ts";
import referrals from "./referrals.ts";
import register from "./register.ts";
import spcContacts from "./spc-contacts.ts";

/** Every dataset of the partner export contract (`data-contract.md`), in contract order. */
export const DATASETS = [people, register, practiceList, deaths, carePlans, admissions, spcContacts, referrals, carers, outcomes, fastTrack] as const satisfies readonly DatasetSpec[];

export const DATASET_NAMES = [
  "people", "register", "practice_list", "deaths", "care_plans", "admissions",
  "spc_contacts", "referrals", "carers", "outcomes", "fast_track",
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export function datasetSpec(name: DatasetName): DatasetSpec {
  const spec = DATASETS.find((d) => d.name === name);
  if (!spec) throw new Error(`no spec for dataset ${name}`);
  return spec;
}
