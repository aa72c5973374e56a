/**
 * The synthetic alliances, one per scale, and the alliance config (`alliance.json`) that describes each.
 * Practices, PCNs and localities are decided here in JavaScript (a few thousand rows at most); every person and
 * event is drawn in SQL (`model.ts`).
 */
import { normal, uniform } from "./rand.ts";
import { HOSPICE2_FROM } from "./story.ts";

export const SCALES = ["tiny", "demo", "ics", "national"] as const;
export type Scale = (typeof SCALES)[number];

export interface LocalitySpec {
  code: string;
  name: string;
  /** the community trust's team serving the locality; holds non-ASCII text on purpose (Windows-1252 quirk) */
  team: string;
  practices: number;
  pcns: number;
}

export interface ScaleSpec {
  scale: Scale;
  allianceName: string;
  /** registered population (all ages) around the middle of the data, autumn 2022 */
  population: number;
  localities: LocalitySpec[];
  /** DuckDB settings */
  memoryLimit: string;
  fileBacked: boolean;
}

export interface Practice {
  pidx: number;
  code: string;
  name: string;
  pcn: string;
  locality: string;
  /** list size on 1 April 2018 */
  list0: number;
  /** annual list growth */
  growth: number;
  /** relative mortality of the list */
  mort: number;
  /** mean IMD quintile of the list (1 most deprived) */
  imd: number;
  /** the hospice serving the practice's locality */
  hospice: "HOSPICE1" | "HOSPICE2";
  team: string;
}

const NATIONAL_PLACES = ["Ash", "Bram", "Cald", "Dun", "Elm", "Fair", "Glen", "Hart", "Ivy", "Kings", "Lang", "Marsh", "Nor", "Oak"];
const NATIONAL_SUFFIXES = ["ford", "ley", "bury"];

function nationalLocalities(): LocalitySpec[] {
  const out: LocalitySpec[] = [];
  // locality 0 is small: HOSPICE2 serves it alone and must stay small even nationally
  let practicesLeft = 6300 - 30;
  let pcnsLeft = 1250 - 6;
  const names = NATIONAL_SUFFIXES.flatMap((s) => NATIONAL_PLACES.map((p) => p + s));
  for (let i = 0; i < 42; i++) {
    const name = names[i];
    let practices: number;
    let pcns: number;
    if (i === 0) {
      practices = 30;
      pcns = 6;
    } else if (i === 41) {
      practices = practicesLeft;
      pcns = pcnsLeft;
    } else {
      practices = Math.round((practicesLeft / (42 - i)) * (0.65 + 0.7 * uniform(7, "natloc", i)));
      pcns = Math.max(1, Math.round(practices / 5.04));
    }
    practicesLeft -= i === 0 ? 0 : practices;
    pcnsLeft -= i === 0 ? 0 : pcns;
    out.push({ code: name.toUpperCase(), name, team: `Pen-y-Bryn – ${name}`, practices, pcns });
  }
  return out;
}

export function scaleSpec(scale: Scale): ScaleSpec {
  switch (scale) {
    case "tiny":
      return {
        scale,
        allianceName: "Mid-Shire End of Life Care Together (test)",
        population: 18_000,
        localities: [
          { code: "EAST", name: "Eastbridge and Vale", team: "Café Quarter – East", practices: 2, pcns: 1 },
          { code: "NORTH", name: "North Mid-Shire", team: "Pen-y-Bryn – North", practices: 2, pcns: 1 },
        ],
        memoryLimit: "2GB",
        fileBacked: false,
      };
    case "demo":
      return {
        scale,
        allianceName: "Mid-Shire End of Life Care Together",
        population: 350_000,
        localities: [
          { code: "EAST", name: "Eastbridge and Vale", team: "Café Quarter – East", practices: 7, pcns: 2 },
          { code: "NORTH", name: "North Mid-Shire", team: "Pen-y-Bryn – North", practices: 9, pcns: 3 },
          { code: "SOUTH", name: "South Mid-Shire", team: "Ysgol Fach – South", practices: 8, pcns: 2 },
        ],
        memoryLimit: "3GB",
        fileBacked: false,
      };
    case "ics":
      return {
        scale,
        allianceName: "Mid-Shire and Vale ICS End of Life Care Alliance",
        population: 1_500_000,
        localities: [
          { code: "EAST", name: "Eastbridge and Vale", team: "Café Quarter – East", practices: 16, pcns: 3 },
          { code: "NORTH", name: "North Mid-Shire", team: "Pen-y-Bryn – North", practices: 26, pcns: 5 },
          { code: "SOUTH", name: "South Mid-Shire", team: "Ysgol Fach – South", practices: 24, pcns: 5 },
          { code: "WEST", name: "West Vale", team: "Tŷ Gwyn – West", practices: 28, pcns: 6 },
          { code: "CENTRAL", name: "Mid-Shire Central", team: "Market Cross – Central", practices: 30, pcns: 6 },
          { code: "COAST", name: "Coast and Marsh", team: "Harbour – Coast", practices: 26, pcns: 5 },
        ],
        memoryLimit: "6GB",
        fileBacked: false,
      };
    case "national":
      return {
        scale,
        allianceName: "England (synthetic national alliance)",
        population: 57_000_000,
        localities: nationalLocalities(),
        memoryLimit: "8GB",
        fileBacked: true,
      };
  }
}

const LETTERS = "ABCDEFGHJKLMNPRTWY"; // never Z: the generator uses Z99999 as the unknown practice code
const STREETS = [
  "Castle Street", "Riverside", "Market Square", "Abbey Road", "Park Lane", "Church View", "Mill Lane", "Station Road",
  "The Green", "Orchard", "Bridge Street", "High Street", "Valley", "Hillside", "Meadowbank", "Priory", "Kingsway",
  "Westgate", "Eastgate", "Northgate", "Southfield", "Beacon", "Willow", "Cedar", "Elm Tree", "Harbour", "Moorland",
];
const KINDS = ["Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice"];

/** The member practices of a scale, deterministic for a seed. */
export function buildPractices(spec: ScaleSpec, seed: number): Practice[] {
  const practices: Practice[] = [];
  let g = 0;
  spec.localities.forEach((loc, li) => {
    const letter = spec.scale === "national" ? LETTERS[li % LETTERS.length] : "M";
    for (let i = 0; i < loc.practices; i++, g++) {
      const pcnNo = Math.floor((i * loc.pcns) / loc.practices) + 1;
      const code =
        spec.scale === "national" || spec.scale === "ics"
          ? `${letter}${String(10000 + g).padStart(5, "0")}`
          : `${letter}8${li + 1}${String(i + 1).padStart(3, "0")}`;
      const street = STREETS[Math.floor(uniform(seed, "pname", g) * STREETS.length)];
      const kind = KINDS[Math.floor(uniform(seed, "pkind", g) * KINDS.length)];
      practices.push({
        pidx: g,
        code,
        name: `${street} ${kind}`,
        pcn: `${loc.code}-PCN-${pcnNo}`,
        locality: loc.code,
        list0: Math.exp(0.42 * normal(seed, "plist", g)),
        growth: 0.002 + 0.01 * uniform(seed, "pgrowth", g),
        mort: Math.exp(0.16 * normal(seed, "pmort", g)),
        imd: 1 + 4 * uniform(seed, "pimd", g),
        hospice: li === 0 ? "HOSPICE2" : "HOSPICE1",
        team: loc.team,
      });
    }
  });
  // scale list sizes so the population in autumn 2022 (4.5 years after April 2018) is the scale's population
  const at2022 = (p: Practice) => p.list0 * Math.pow(1 + p.growth, 4.5);
  const total = practices.reduce((s, p) => s + at2022(p), 0);
  const factor = spec.population / total;
  for (const p of practices) p.list0 = Math.max(1500, Math.round(p.list0 * factor));
  // normalise mortality so the list-weighted mean is 1
  const wm = practices.reduce((s, p) => s + p.mort * p.list0, 0) / practices.reduce((s, p) => s + p.list0, 0);
  for (const p of practices) p.mort = p.mort / wm;
  return practices;
}

export const PARTNERS = [
  {
    code: "GPFED",
    name: "Mid-Shire GP Federation",
    kind: "primary_care",
    datasets: ["people", "register", "practice_list", "deaths", "care_plans"],
  },
  { code: "ACUTE", name: "Mid-Shire Hospitals NHS Foundation Trust", kind: "acute", datasets: ["admissions"] },
  {
    code: "COMMUNITY",
    name: "Mid-Shire Community Health NHS Trust",
    kind: "community",
    datasets: ["care_plans", "spc_contacts", "referrals", "carers", "outcomes", "fast_track"],
  },
  { code: "HOSPICE1", name: "St Aidan's Hospice", kind: "hospice", datasets: ["care_plans", "spc_contacts", "carers", "outcomes"] },
  {
    code: "HOSPICE2",
    name: "Eastbridge Hospice",
    kind: "hospice",
    datasets: ["care_plans", "spc_contacts", "carers", "outcomes"],
    // joined the alliance part-way; before it, St Aidan's (HOSPICE1) served its locality
    from: HOSPICE2_FROM,
  },
  { code: "BEREAVE", name: "Mid-Shire Bereavement Support", kind: "bereavement", datasets: ["carers"] },
] as const;

export type PartnerCode = (typeof PARTNERS)[number]["code"];

export const DATA_FROM = "2018-04-01";
export const FIRST_PERIOD = "2018-19-Q1";
export const LAST_PERIOD = "2026-27-Q2";

/** The alliance config, as `interfaces.md` lays it out (validated by the caller with `parseConfig`). */
export function buildConfig(spec: ScaleSpec, practices: Practice[]) {
  return {
    name: spec.allianceName,
    partners: PARTNERS.map((p) => ({ ...p, datasets: [...p.datasets] })),
    localities: spec.localities.map((l) => ({ code: l.code, name: l.name })),
    practices: practices.map((p) => ({ code: p.code, name: p.name, pcn: p.pcn, locality: p.locality })),
    dataFrom: DATA_FROM,
    baseline: { from: "2019-04-01", to: "2020-03-31" },
    contract: { from: "2023-04-01", to: "2027-03-31" },
    submissions: { dueDaysAfterQuarterEnd: 30 },
    paths: { exports: "exports", db: "build/alliance.duckdb", out: "build/metrics" },
    // SPC recalculation points where the demo alliance really changed its service (AGREED.md A; demo/README.md).
    // RESP-01's step at the rapid response service (2023-04) is left un-rebased on purpose, so the product's
    // suggestion and its withheld assurance icon show.
    rebase: [
      { metric: "HOSP-02", month: "2020-04", reason: "COVID-19: hospital admission policy changed" },
      { metric: "HOSP-02", month: "2021-04", reason: "COVID-19 year over: emergency admissions back to their usual pattern" },
      ...["ID-01", "ID-02", "ID-03", "KW-01", "ACP-01", "ACP-02", "ACP-03"].map((metric) => ({
        metric,
        month: "2021-10",
        reason: "integrated palliative care hub started: register reviews at every practice, keyworkers, ACP clinics",
      })),
      { metric: "RESP-02", month: "2023-04", reason: "rapid response service started with the contract: fast-track packages in place sooner" },
      {
        metric: "POD-01",
        month: "2021-04",
        keep: true,
        reason: "hospital deaths drift down slowly, as the contract intends: limits kept on the baseline to show the change against it",
      },
    ],
    spc: { runLength: 7 as const },
    targets: [
      { metric: "PPD-02", target: 0.75, tolerance: 0.05 },
      { metric: "POD-05", target: 0.55, tolerance: 0.03 },
      { metric: "ID-02", target: 0.5, tolerance: 0.05 },
      { metric: "ID-03", target: 0.75, tolerance: 0.05 },
      { metric: "ACP-02", target: 0.7, tolerance: 0.05 },
      { metric: "KW-01", target: 0.6, tolerance: 0.05 },
      { metric: "HOSP-02", target: 0.6, tolerance: 0.03 },
      { metric: "RESP-01", target: 0.85, tolerance: 0.05 },
      { metric: "RESP-02", target: 0.8, tolerance: 0.05 },
      { metric: "CAR-01", target: 0.5, tolerance: 0.05 },
      { metric: "BRV-01", target: 0.7, tolerance: 0.05 },
    ],
    disclosure: { suppress: [1, 7] as [number, number], roundTo: null },
    costs: { emergencySpellGbp: 1590 },
    benchmarks: [
      { metric: "POD-01", period: "2022", value: 0.434, source: "OHID profile, 2022 data" },
      { metric: "POD-02", period: "2022", value: 0.287, source: "OHID profile, 2022 data" },
      { metric: "POD-03", period: "2022", value: 0.205, source: "OHID profile, 2022 data" },
      { metric: "POD-04", period: "2022", value: 0.047, source: "OHID profile, 2022 data" },
      { metric: "HOSP-01", period: "2022", value: 0.062, source: "OHID profile, 2022 data" },
      { metric: "HOSP-03", period: "2016", value: 2.92, source: "Marie Curie, Britain 2016" },
    ],
  };
}
