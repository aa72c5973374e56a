/**
 * The registry: every metric of the catalogue, in catalogue order. Each definition was validated (zod) when its
 * file was loaded. Adding a metric is adding its file and one import line here (a test checks that every file
 * in this folder is registered).
 */
import type { MetricDefinition } from "../definition.ts";
import pod01 from "./POD-01.ts";
import pod02 from "./POD-02.ts";
import pod03 from "./POD-03.ts";
import pod04 from "./POD-04.ts";
import pod05 from "./POD-05.ts";
import ppd01 from "./PPD-01.ts";
import ppd02 from "./PPD-02.ts";
import hosp01 from "./HOSP-01.ts";
import hosp02 from "./HOSP-02.ts";
import hosp03 from "./HOSP-03.ts";
import hosp04 from "./HOSP-04.ts";
import hosp05 from "./HOSP-05.ts";
import cost01 from "./COST-01.ts";
import id01 from "./ID-01.ts";
import id02 from "./ID-02.ts";
import id03 from "./ID-03.ts";
import acp01 from "./ACP-01.ts";
import acp02 from "./ACP-02.ts";
import acp03 from "./ACP-03.ts";
import kw01 from "./KW-01.ts";
import car01 from "./CAR-01.ts";
import car02 from "./CAR-02.ts";
import car03 from "./CAR-03.ts";
import brv01 from "./BRV-01.ts";
import resp01 from "./RESP-01.ts";
import resp02 from "./RESP-02.ts";
import spc01 from "./SPC-01.ts";
import prom01 from "./PROM-01.ts";
import dq01 from "./DQ-01.ts";

export const DEFINITIONS: readonly MetricDefinition[] = [
  pod01,
  pod02,
  pod03,
  pod04,
  pod05,
  ppd01,
  ppd02,
  hosp01,
  hosp02,
  hosp03,
  hosp04,
  hosp05,
  cost01,
  id01,
  id02,
  id03,
  acp01,
  acp02,
  acp03,
  kw01,
  car01,
  car02,
  car03,
  brv01,
  resp01,
  resp02,
  spc01,
  prom01,
  dq01,
];

const duplicate = DEFINITIONS.find((d, i) => DEFINITIONS.findIndex((e) => e.id === d.id) !== i);
if (duplicate) throw new Error(`metric ${duplicate.id} is defined twice`);

export function definitionById(id: string): MetricDefinition | undefined {
  return DEFINITIONS.find((d) => d.id === id);
}
