/**
 * The synthetic world, built set-based in DuckDB SQL: practices' lists, deaths, the palliative care register,
 * care plans, hospital spells, specialist palliative care, referrals, fast-track applications, carers and
 * outcome assessments. Every random draw is a hash-based uniform, `uu(key, salt)` =
 * (hash(key, salt, seed) + 0.5) / 2^64, so a seed gives the same world whatever the thread count.
 *
 * Each record carries the date it became known to the partner (`*_known`), so that a submission sent on a
 * given date holds only what was known by then (see `datasets.ts`).
 *
 * The story (demo/README.md, dates in `story.ts`) is a few drivers, each 0 before its cause and 1 after it:
 * `hub(d)` the integrated palliative care hub from October 2021 (a step: its register reviews date the people
 * they find, and the keyworkers and ACPs they give, from the review, so nothing moves before it); `resp(d)` the
 * rapid response service from April 2023; `drift(d)` slow change from April 2020 to autumn 2026; `covid_year(d)`
 * 2020-21; `brv_shortage(d)` the bereavement charity's staff shortage; `east_beds_closed(loc, d)` EAST's
 * community beds closing in April 2025. Metrics with no driver stay flat: only the real sizes' noise moves them.
 * COVID-19 adds excess deaths (mostly in hospital; other deaths move home) in spring 2020 and winter 2020-21, and
 * depresses hospital admissions in spring 2020.
 */
import type { Practice } from "./scales.ts";
import { EAST_BEDS_CLOSED, HOSPICE2_FROM, HUB_START, RAPID_RESPONSE_START } from "./story.ts";

export interface MonthRow {
  m: number;
  ms: string;
  me: string;
  season: number;
  covid: number;
  admf: number;
  elf: number;
}

const SEASON = [1.17, 1.07, 1.05, 0.98, 0.95, 0.91, 0.91, 0.9, 0.92, 0.98, 1.02, 1.12]; // Jan..Dec
const COVID: Record<string, number> = {
  "2020-04": 1.75, "2020-05": 1.22, "2020-06": 1.03, "2020-10": 1.05, "2020-11": 1.12, "2020-12": 1.15,
  "2021-01": 1.45, "2021-02": 1.14, "2021-03": 1.02, "2022-07": 1.04,
};
const ADMISSIONS: Record<string, number> = {
  "2020-03": 0.9, "2020-04": 0.62, "2020-05": 0.76, "2020-06": 0.88, "2020-07": 0.93, "2020-11": 0.93, "2021-01": 0.86,
  "2021-02": 0.92,
};
const ELECTIVE: Record<string, number> = {
  "2020-03": 0.85, "2020-04": 0.4, "2020-05": 0.5, "2020-06": 0.68, "2020-07": 0.8, "2020-08": 0.88, "2020-09": 0.92,
  "2021-01": 0.8, "2021-02": 0.85,
};

/** Months from April 2014 (history for the register) to March 2029 (deaths after the data end keep the register full). */
export function buildMonths(): MonthRow[] {
  const rows: MonthRow[] = [];
  for (let m = 0; m < 180; m++) {
    const y = 2014 + Math.floor((3 + m) / 12);
    const mo = ((3 + m) % 12) + 1;
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const ym = `${y}-${String(mo).padStart(2, "0")}`;
    rows.push({
      m,
      ms: `${ym}-01`,
      me: `${ym}-${String(last).padStart(2, "0")}`,
      season: SEASON[mo - 1],
      covid: COVID[ym] ?? 1,
      admf: ADMISSIONS[ym] ?? 1,
      elf: ELECTIVE[ym] ?? 1,
    });
  }
  return rows;
}

/** Poisson inverse CDFs for lambda = b / 20, b = 0..1200: the count is the number of CDF values below u. */
export function poissonTableSql(): string {
  const rows: string[] = [];
  for (let b = 0; b <= 1200; b++) {
    const lam = b / 20;
    const cdf: string[] = [];
    let p = Math.exp(-lam);
    let c = 0;
    for (let k = 0; k < 200; k++) {
      if (k > 0) p = (p * lam) / k;
      c += p;
      if (c >= 1 - 1e-12) break;
      cdf.push(c.toPrecision(12));
    }
    rows.push(`(${b}, [${cdf.join(",")}]::DOUBLE[])`);
  }
  return `CREATE OR REPLACE TABLE pois AS SELECT * FROM (VALUES ${rows.join(",")}) t(b, cdf)`;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function modelStatements(seed: number, practices: Practice[]): { name: string; sql: string }[] {
  const S = Math.trunc(seed);
  // EAST (the first locality, served by HOSPICE2) at every scale; its counterpart at the national scale
  const bedsClosedLocality = practices[0].locality;
  const months = buildMonths();
  const st: { name: string; sql: string }[] = [];
  const add = (name: string, sql: string) => st.push({ name, sql });

  add(
    "macros",
    `
CREATE OR REPLACE MACRO uu(a, b) AS ((hash(a, b, ${S})::DOUBLE + 0.5) / 18446744073709551616.0);
CREATE OR REPLACE MACRO nz(a, b) AS (sqrt(-2.0 * ln(uu(a, b || '~1'))) * cos(2.0 * pi() * uu(a, b || '~2')));
CREATE OR REPLACE MACRO hx(a, b) AS lpad(lower(to_hex(hash(a, b, ${S}))), 16, '0');
CREATE OR REPLACE MACRO lerp(a, b, t) AS (a + (b - a) * t);
CREATE OR REPLACE MACRO clamp(x, lo, hi) AS (least(hi, greatest(lo, x)));
CREATE OR REPLACE MACRO lnorm(median, sigma, z) AS (median * exp(sigma * z));
-- the demo alliance's story (demo/README.md): each driver is 0 before its cause and 1 after it
CREATE OR REPLACE MACRO hub(d) AS (CASE WHEN d >= DATE '${HUB_START}' THEN 1.0 ELSE 0.0 END);
CREATE OR REPLACE MACRO hub_review(k) AS (DATE '${HUB_START}' + floor(uu(k, 'review') * 21)::INT);
CREATE OR REPLACE MACRO resp(d) AS (CASE WHEN d >= DATE '${RAPID_RESPONSE_START}' THEN 1.0 ELSE 0.0 END);
CREATE OR REPLACE MACRO drift(d) AS (least(1.0, greatest(0.0, (d - DATE '2020-04-01') / (DATE '2026-10-01' - DATE '2020-04-01'))));
CREATE OR REPLACE MACRO covid_year(d) AS (d BETWEEN DATE '2020-04-01' AND DATE '2021-03-31');
CREATE OR REPLACE MACRO brv_shortage(d) AS (CASE WHEN d < DATE '2024-07-01' THEN 0.0 WHEN d < DATE '2025-04-01' THEN 1.0
  ELSE greatest(0.0, 1.0 - (d - DATE '2025-04-01') / 91.0) END);
CREATE OR REPLACE MACRO east_beds_closed(loc, d) AS (loc = ${q(bedsClosedLocality)} AND d >= DATE '${EAST_BEDS_CLOSED}');
CREATE OR REPLACE MACRO hospice_on(h, d) AS (CASE WHEN h = 'HOSPICE2' AND d < DATE '${HOSPICE2_FROM}' THEN 'HOSPICE1' ELSE h END);
-- equity: advance care planning and home deaths are less common in the most deprived quintile (1); identification is
-- lower for people of Asian (H, J, K, L) and Black (M, N, P) ethnic groups
CREATE OR REPLACE MACRO acp_equity(imd) AS (0.80 + 0.05 * (coalesce(imd, 3) - 1));
CREATE OR REPLACE MACRO id_equity(eth) AS (CASE WHEN eth IN ('H', 'J', 'K', 'L', 'M', 'N', 'P') THEN 0.8 ELSE 1.0 END);
CREATE OR REPLACE MACRO fy(d) AS (CASE WHEN month(d) >= 4 THEN year(d) ELSE year(d) - 1 END);
CREATE OR REPLACE MACRO qlabel(d) AS (fy(d)::VARCHAR || '-' || lpad(((fy(d) + 1) % 100)::VARCHAR, 2, '0') || '-Q'
  || (((month(d) + 8) % 12) // 3 + 1)::VARCHAR);
CREATE OR REPLACE MACRO pid(n) AS ('pk_' || hx(n, 'pk'));
CREATE OR REPLACE MACRO ageband(birth, t) AS (CASE
  WHEN date_sub('year', birth, t) < 18 THEN '0-17' WHEN date_sub('year', birth, t) < 50 THEN '18-49'
  WHEN date_sub('year', birth, t) < 65 THEN '50-64' WHEN date_sub('year', birth, t) < 75 THEN '65-74'
  WHEN date_sub('year', birth, t) < 85 THEN '75-84' ELSE '85+' END);
`,
  );

  add("poisson", poissonTableSql());

  add(
    "calendar",
    `
CREATE OR REPLACE TABLE months AS SELECT * FROM (VALUES ${months
      .map((r) => `(${r.m}, DATE '${r.ms}', DATE '${r.me}', ${r.season}, ${r.covid}, ${r.admf}, ${r.elf})`)
      .join(",")}) t(m, ms, me, season, covid, admf, elf);
CREATE OR REPLACE TABLE prac AS SELECT * FROM (VALUES ${practices
      .map(
        (p) =>
          `(${p.pidx}, ${q(p.code)}, ${q(p.locality)}, ${p.list0}::DOUBLE, ${p.growth}::DOUBLE, ${p.mort}::DOUBLE, ${p.imd}::DOUBLE, ${q(p.hospice)}, ${q(p.team)})`,
      )
      .join(",")}) t(pidx, code, loc, list0, growth, mort, imd, hospice, team);
CREATE OR REPLACE TABLE pm AS
SELECT p.pidx, p.mort, p.imd, mo.m, mo.ms, mo.me, (mo.me - mo.ms + 1) AS days, mo.season, mo.covid, mo.admf, mo.elf,
  p.list0 * pow(1 + p.growth, (mo.ms - DATE '2018-04-01') / 365.25) AS list
FROM prac p CROSS JOIN months mo;
`,
  );

  // ---------------------------------------------------------------- decedents
  add(
    "decedents",
    `
CREATE OR REPLACE TABLE dec AS
WITH n AS (
  SELECT pidx, imd, m, ms, days, covid, greatest(0, round(mu + sqrt(mu) * nz(pidx * 1000 + m, 'dn')))::INT AS n
  FROM (SELECT *, list * 0.0102 / 12.0 * mort * season * covid AS mu FROM pm WHERE ms >= DATE '2018-04-01')
), x AS (
  SELECT pidx, imd AS pimd, m, ms, days, covid AS cf, unnest(range(n)) AS i FROM n
), a AS (
  SELECT (pidx::BIGINT * 1000 + m) * 10000 + i AS pnum, pidx, pimd,
    (ms + floor(uu(pnum, 'dod') * days)::INT) AS dod,
    uu(pnum, 'cov') < 1 - 1 / cf AS covid,
    uu(pnum, 'age') AS ua, uu(pnum, 'agey') AS uy
  FROM x
), b AS (
  SELECT *, (CASE WHEN ua < 0.004 THEN floor(uy * 18) WHEN ua < 0.049 THEN 18 + floor(uy * 32)
      WHEN ua < 0.149 THEN 50 + floor(uy * 15) WHEN ua < 0.299 THEN 65 + floor(uy * 10)
      WHEN ua < 0.569 THEN 75 + floor(uy * 10) ELSE least(104, 85 + floor(-ln(uy) * 5.5)) END)::INT AS age,
    hub(dod) AS h, drift(dod) AS e, covid_year(dod) AS cy
  FROM a
), c AS (
  SELECT *,
    dod - (age * 365.25 + uu(pnum, 'bd') * 364)::INT AS birth,
    NOT covid AND uu(pnum, 'ext') < (CASE WHEN age < 18 THEN 0.25 WHEN age < 50 THEN 0.3 WHEN age < 65 THEN 0.07 ELSE 0.025 END) AS external,
    (CASE WHEN uu(pnum, 'res') < (CASE WHEN age >= 85 THEN 0.48 WHEN age >= 75 THEN 0.24 WHEN age >= 65 THEN 0.08 WHEN age >= 18 THEN 0.02 ELSE 0 END) THEN 'care_home'
          WHEN uu(pnum, 'res2') < 0.015 THEN 'other' ELSE 'home' END) AS res,
    uu(pnum, 'diag') AS ud,
    (CASE WHEN uu(pnum, 'sex') < 0.49 THEN '1' WHEN uu(pnum, 'sex') < 0.99 THEN '2' WHEN uu(pnum, 'sex') < 0.993 THEN '9' ELSE 'X' END) AS sex,
    (CASE WHEN uu(pnum, 'eth') < 0.015 THEN NULL WHEN uu(pnum, 'eth') < 0.78 THEN 'A' WHEN uu(pnum, 'eth') < 0.80 THEN 'B'
      WHEN uu(pnum, 'eth') < 0.83 THEN 'C' WHEN uu(pnum, 'eth') < 0.835 THEN 'D' WHEN uu(pnum, 'eth') < 0.84 THEN 'E'
      WHEN uu(pnum, 'eth') < 0.843 THEN 'F' WHEN uu(pnum, 'eth') < 0.848 THEN 'G' WHEN uu(pnum, 'eth') < 0.878 THEN 'H'
      WHEN uu(pnum, 'eth') < 0.898 THEN 'J' WHEN uu(pnum, 'eth') < 0.905 THEN 'K' WHEN uu(pnum, 'eth') < 0.915 THEN 'L'
      WHEN uu(pnum, 'eth') < 0.925 THEN 'M' WHEN uu(pnum, 'eth') < 0.937 THEN 'N' WHEN uu(pnum, 'eth') < 0.94 THEN 'P'
      WHEN uu(pnum, 'eth') < 0.943 THEN 'R' WHEN uu(pnum, 'eth') < 0.956 THEN 'S' WHEN uu(pnum, 'eth') < 0.98 THEN 'Z'
      ELSE '99' END) AS eth,
    (CASE WHEN uu(pnum, 'imdb') < 0.012 THEN NULL ELSE clamp(round(pimd + 0.9 * nz(pnum, 'imd')), 1, 5)::INT END) AS imd
  FROM b
), d AS (
  SELECT *,
    (CASE WHEN covid OR external THEN 'other'
      WHEN age < 18 THEN (CASE WHEN ud < 0.2 THEN 'cancer' WHEN ud < 0.5 THEN 'neurological' WHEN ud < 0.9 THEN 'other' ELSE 'unknown' END)
      WHEN ud < 0.28 THEN 'cancer' WHEN ud < 0.50 THEN 'organ_failure' WHEN ud < 0.80 THEN 'frailty_dementia'
      WHEN ud < 0.85 THEN 'neurological' WHEN ud < 0.96 THEN 'other' ELSE 'unknown' END) AS diag
  FROM c
), r0 AS (
  SELECT *, uu(pnum, 'reg') AS ur,
    id_equity(eth) * (CASE WHEN external THEN 0.01 WHEN age < 18 THEN 0.05 WHEN covid THEN lerp(0.10, 0.16, h)
      ELSE (CASE diag WHEN 'cancer' THEN lerp(0.57, 0.72, h) WHEN 'organ_failure' THEN lerp(0.26, 0.44, h)
        WHEN 'frailty_dementia' THEN lerp(0.31, 0.52, h) WHEN 'neurological' THEN lerp(0.44, 0.60, h)
        WHEN 'other' THEN lerp(0.13, 0.25, h) ELSE lerp(0.08, 0.13, h) END) END) AS p_reg,
    id_equity(eth) * (CASE WHEN external THEN 0.01 WHEN age < 18 THEN 0.05 WHEN covid THEN 0.10
      ELSE (CASE diag WHEN 'cancer' THEN 0.57 WHEN 'organ_failure' THEN 0.26 WHEN 'frailty_dementia' THEN 0.31
        WHEN 'neurological' THEN 0.44 WHEN 'other' THEN 0.13 ELSE 0.08 END) END) AS p_reg0,
    -- days on the register before death without the hub, and with it (the same draw, longer)
    (CASE WHEN covid THEN clamp(round(lnorm(10, 1.0, nz(pnum, 'rd'))), 0, 400)
      ELSE clamp(round(lnorm(95, 1.25, nz(pnum, 'rd'))), 0, 2500) END)::INT AS days0,
    (CASE WHEN covid THEN clamp(round(lnorm(10, 1.0, nz(pnum, 'rd'))), 0, 400)
      ELSE clamp(round(lnorm(150, 1.25, nz(pnum, 'rd'))), 0, 2500) END)::INT AS days1
  FROM d
), r1 AS (
  SELECT *,
    ur < p_reg0 AS reg0,
    -- the date added: as without the hub if that was before its register review; otherwise the earlier of that
    -- and the hub's (longer) lead time, but not before the review that found the person
    CASE WHEN ur >= p_reg THEN NULL
      WHEN h = 0 THEN dod - days0
      WHEN ur < p_reg0 AND dod - days0 < hub_review(pnum) THEN dod - days0
      WHEN ur < p_reg0 THEN least(dod - days0, greatest(dod - days1, hub_review(pnum)))
      ELSE greatest(dod - days1, hub_review(pnum)) END AS added0
  FROM r0
), r AS (
  SELECT *, added0 IS NOT NULL AND added0 <= dod AS reg FROM r1
), r2 AS (
  SELECT *,
    CASE WHEN reg THEN dod - added0 END AS reg_days,
    (CASE WHEN external THEN FALSE
      WHEN reg THEN uu(pnum, 'ppod') < lerp(0.48, 0.66, e) * (CASE WHEN covid THEN 0.5 ELSE 1 END)
      ELSE uu(pnum, 'ppod') < lerp(0.04, 0.06, e) END) AS has_ppod,
    uu(pnum, 'pref') AS up
  FROM r
), p AS (
  SELECT *,
    (CASE WHEN NOT has_ppod THEN NULL
      WHEN res = 'care_home' THEN (CASE WHEN up < 0.80 THEN 'care_home' WHEN up < 0.86 THEN 'hospital' WHEN up < 0.89 THEN 'hospice'
        WHEN up < 0.91 THEN 'home' ELSE 'no_preference' END)
      ELSE (CASE WHEN up < 0.64 THEN 'home' WHEN up < 0.80 THEN 'hospice' WHEN up < 0.84 THEN 'care_home' WHEN up < 0.90 THEN 'hospital'
        WHEN up < 0.92 THEN 'other' ELSE 'no_preference' END) END) AS pref,
    uu(pnum, 'ach') < lerp(0.66, 0.76, e) AS ach,
    uu(pnum, 'place') AS upl
  FROM r2
), pl0 AS (
  SELECT *,
    (CASE
      WHEN covid AND res = 'care_home' THEN (CASE WHEN upl < 0.55 THEN 'care_home' ELSE 'hospital' END)
      WHEN covid THEN (CASE WHEN upl < 0.70 THEN 'hospital' WHEN upl < 0.92 THEN 'home' WHEN upl < 0.96 THEN 'hospice' ELSE 'other' END)
      WHEN external THEN (CASE WHEN upl < 0.45 THEN 'hospital' WHEN upl < 0.72 THEN 'home' WHEN upl < 0.97 THEN 'other' ELSE 'care_home' END)
      WHEN pref IN ('home', 'care_home', 'hospice', 'hospital') AND ach THEN pref
      WHEN pref = 'home' THEN (CASE WHEN upl < 0.75 THEN 'hospital' WHEN upl < 0.87 THEN 'hospice' WHEN upl < 0.95 THEN 'care_home' ELSE 'other' END)
      WHEN pref = 'care_home' THEN (CASE WHEN upl < 0.85 THEN 'hospital' WHEN upl < 0.90 THEN 'home' WHEN upl < 0.95 THEN 'hospice' ELSE 'other' END)
      WHEN pref = 'hospice' THEN (CASE WHEN upl < 0.75 THEN 'hospital' WHEN upl < 0.95 THEN 'home' ELSE 'other' END)
      WHEN pref = 'hospital' THEN (CASE WHEN upl < 0.6 THEN 'home' WHEN upl < 0.85 THEN 'care_home' WHEN upl < 0.95 THEN 'hospice' ELSE 'other' END)
      WHEN res = 'care_home' THEN (CASE WHEN upl < 0.70 THEN 'care_home' WHEN upl < 0.97 THEN 'hospital'
        WHEN upl < 0.98 THEN 'hospice' WHEN upl < 0.99 THEN 'home' ELSE 'other' END)
      -- the rest: hospital deaths give way slowly to home deaths (and more so in the COVID-19 year); the people the
      -- hub adds to the register would mostly have died out of hospital anyway, so its step does not move the mix
      -- (and of hospice deaths, since more people with a recorded preference achieve a hospice death)
      ELSE (CASE WHEN upl < hosp_t THEN 'hospital' WHEN upl < 0.86 + 0.02 * h + 0.012 * e THEN 'home'
        WHEN upl < 0.935 THEN 'hospice' WHEN upl < 0.98 THEN 'care_home' ELSE 'other' END) END) AS place0
  FROM (SELECT *, 0.545 - 0.01 * e - 0.08 * cy::INT + 0.05 * h AS hosp_t FROM p)
), pl AS (
  SELECT * EXCLUDE (place0),
    CASE
      -- a few die in a religious establishment (convents, monasteries), as ONS codes it
      WHEN NOT covid AND NOT external AND uu(pnum, 'relig') < 0.002 THEN 'religious'
      -- deprivation: fewer home deaths in the more deprived quintiles
      WHEN place0 = 'home' AND NOT covid AND NOT external AND uu(pnum, 'eqh') < 0.17 * (5 - coalesce(imd, 3)) / 4.0 THEN 'hospital'
      ELSE place0 END AS place
  FROM pl0
), f AS (
  SELECT *,
    -- specialist palliative care, fast track, carers
    -- (specialist care reaches the people it always reached: the hub's extra registrations do not change it)
    (age >= 18 AND NOT external AND (place = 'hospice' OR uu(pnum, 'spc') < least(0.95, (CASE WHEN covid THEN 0.05
      ELSE (CASE diag WHEN 'cancer' THEN 0.60 WHEN 'organ_failure' THEN 0.22 WHEN 'frailty_dementia' THEN 0.16
        WHEN 'neurological' THEN 0.40 WHEN 'other' THEN 0.15 ELSE 0.08 END) END) * (CASE WHEN reg0 THEN 1.25 ELSE 0.7 END)))) AS spc,
    (SELECT hospice FROM prac WHERE prac.pidx = pl.pidx) AS hospice,
    (SELECT loc FROM prac WHERE prac.pidx = pl.pidx) AS loc
  FROM pl
)
SELECT *,
  -- register episode
  CASE WHEN reg THEN added0 END AS added,
  CASE WHEN spc THEN (CASE WHEN place = 'hospice' OR uu(pnum, 'sp1') < 0.5 THEN hospice ELSE 'COMMUNITY' END) END AS sp1,
  CASE WHEN spc AND uu(pnum, 'sp2') < 0.3 THEN 1 ELSE 0 END AS has_sp2,
  CASE WHEN spc THEN clamp(round(lnorm(50, 1.1, nz(pnum, 'spcs'))), 0, 900)::INT END AS spc_days,
  (age >= 18 AND NOT covid AND NOT external AND place IN ('home', 'care_home', 'hospice', 'hospital')
    AND uu(pnum, 'ft') < (CASE WHEN place IN ('home', 'care_home') THEN 0.35 ELSE 0.06 END)) AS ft,
  (age >= 18 AND NOT external AND (reg OR spc) AND uu(pnum, 'car') < lerp(0.33, 0.52, e) * (CASE WHEN spc THEN 1.1 ELSE 0.8 END)) AS carer,
  -- the GP's record of the death
  uu(pnum, 'rec') >= 0.01 AS recorded,
  dod + (CASE WHEN uu(pnum, 'dqd') < 0.005 THEN 2 + floor(uu(pnum, 'dqd2') * 2)::INT ELSE 0 END) AS dod_rec,
  -- registered a few days after the death (mostly 2-7, some up to a month, after an inquest longer); a few not known
  CASE WHEN uu(pnum, 'rgb') >= 0.03 THEN dod + (CASE WHEN uu(pnum, 'rg') < 0.85 THEN 2 + floor(uu(pnum, 'rg2') * 6)
    WHEN uu(pnum, 'rg') < 0.97 THEN 8 + floor(uu(pnum, 'rg2') * 13) ELSE 21 + floor(uu(pnum, 'rg2') * 10) END)::INT END AS registered,
  dod + (CASE WHEN uu(pnum, 'dk') < 0.85 THEN floor(uu(pnum, 'dk2') * 6) WHEN uu(pnum, 'dk') < 0.98 THEN 6 + floor(uu(pnum, 'dk2') * 9)
    ELSE 15 + floor(uu(pnum, 'dk2') * 45) END)::INT AS death_known,
  (CASE WHEN uu(pnum, 'expb') < 0.02 THEN NULL
    WHEN external THEN (CASE WHEN uu(pnum, 'exp') < 0.9 THEN 'N' ELSE 'U' END)
    WHEN covid THEN (CASE WHEN uu(pnum, 'exp') < 0.55 THEN 'N' WHEN uu(pnum, 'exp') < 0.9 THEN 'Y' ELSE 'U' END)
    WHEN reg OR has_ppod OR spc THEN (CASE WHEN uu(pnum, 'exp') < 0.92 THEN 'Y' ELSE 'U' END)
    ELSE (CASE WHEN uu(pnum, 'exp') < 0.6 THEN 'Y' WHEN uu(pnum, 'exp') < 0.85 THEN 'N' ELSE 'U' END) END) AS expected,
  (CASE WHEN uu(pnum, 'extb') < 0.04 THEN NULL WHEN external THEN 'Y' ELSE 'N' END) AS external_cause,
  (CASE WHEN uu(pnum, 'cgb') < 0.03 THEN NULL WHEN uu(pnum, 'cg') < 0.92 THEN diag
    ELSE (['cancer', 'organ_failure', 'frailty_dementia', 'neurological', 'other', 'unknown'])[1 + floor(uu(pnum, 'cg2') * 6)::INT] END) AS cause_group,
  (CASE WHEN has_ppod AND pref IN ('home', 'care_home', 'hospice', 'hospital') AND place <> pref AND uu(pnum, 'vr') < 0.7 THEN
    (CASE WHEN uu(pnum, 'vr2') < 0.35 THEN 'rapid_deterioration' WHEN uu(pnum, 'vr2') < 0.6 THEN 'clinical_need'
      WHEN uu(pnum, 'vr2') < 0.75 THEN 'carer_unable' WHEN uu(pnum, 'vr2') < 0.87 THEN 'no_service_or_bed'
      WHEN uu(pnum, 'vr2') < 0.95 THEN 'changed_mind' ELSE 'other' END) END) AS variance_reason,
  -- the diagnosis the GP holds (people.diagnosis_group)
  (CASE WHEN reg OR spc THEN diag WHEN uu(pnum, 'dgp') < 0.3 THEN 'unknown' ELSE diag END) AS diag_gp,
  exp(0.8 * nz(pnum, 'frail') - 0.32) AS g
FROM f
`,
  );

  // ---------------------------------------------------------------- people on the register who do not die in the window
  add(
    "register_alive",
    `
CREATE OR REPLACE TABLE ralive AS
WITH n AS (
  SELECT pidx, imd, m, ms, days, greatest(0, round(mu + sqrt(mu) * nz(pidx * 1000 + m, 'ran')))::INT AS n
  -- new registrations (the hub's register reviews find people who go on to die: see the decedents)
  FROM (SELECT *, list * (0.0014 + 0.0002 * drift(ms)) / 12.0 AS mu FROM pm WHERE ms <= DATE '2026-09-01')
), x AS (SELECT pidx, imd AS pimd, m, ms, days, unnest(range(n)) AS i FROM n),
a AS (
  SELECT (pidx::BIGINT * 1000 + m) * 10000 + 5000 + i AS pnum, pidx, pimd,
    ms + floor(uu(pnum, 'add') * days)::INT AS added, uu(pnum, 'age') AS ua, uu(pnum, 'agey') AS uy
  FROM x
), b AS (
  SELECT *,
    (CASE WHEN ua < 0.10 THEN 18 + floor(uy * 32) WHEN ua < 0.30 THEN 50 + floor(uy * 15) WHEN ua < 0.55 THEN 65 + floor(uy * 10)
      WHEN ua < 0.80 THEN 75 + floor(uy * 10) ELSE least(100, 85 + floor(-ln(uy) * 4)) END)::INT AS age_at_add,
    added + floor(-ln(uu(pnum, 'dur')) * 540)::INT AS removed0,
    uu(pnum, 'why') AS uw
  FROM a
)
SELECT pnum, pidx, added,
  added - (age_at_add * 365.25 + uu(pnum, 'bd') * 364)::INT AS birth,
  CASE WHEN removed0 <= DATE '2029-03-31' THEN removed0 END AS removed,
  CASE WHEN removed0 <= DATE '2029-03-31' THEN (CASE WHEN uw < 0.55 THEN 'discharged' WHEN uw < 0.85 THEN 'moved_away' ELSE 'other' END) END AS reason,
  (CASE WHEN uu(pnum, 'sex') < 0.47 THEN '1' WHEN uu(pnum, 'sex') < 0.99 THEN '2' WHEN uu(pnum, 'sex') < 0.993 THEN '9' ELSE 'X' END) AS sex,
  (CASE WHEN uu(pnum, 'eth') < 0.02 THEN NULL WHEN uu(pnum, 'eth') < 0.80 THEN 'A' WHEN uu(pnum, 'eth') < 0.83 THEN 'C'
    WHEN uu(pnum, 'eth') < 0.84 THEN 'G' WHEN uu(pnum, 'eth') < 0.88 THEN 'H' WHEN uu(pnum, 'eth') < 0.90 THEN 'J'
    WHEN uu(pnum, 'eth') < 0.92 THEN 'N' WHEN uu(pnum, 'eth') < 0.94 THEN 'S' WHEN uu(pnum, 'eth') < 0.97 THEN 'Z' ELSE '99' END) AS eth,
  (CASE WHEN uu(pnum, 'imdb') < 0.012 THEN NULL ELSE clamp(round(pimd + 0.9 * nz(pnum, 'imd')), 1, 5)::INT END) AS imd,
  (CASE WHEN uu(pnum, 'diag') < 0.12 THEN 'cancer' WHEN uu(pnum, 'diag') < 0.42 THEN 'organ_failure'
    WHEN uu(pnum, 'diag') < 0.77 THEN 'frailty_dementia' WHEN uu(pnum, 'diag') < 0.92 THEN 'neurological' ELSE 'other' END) AS diag,
  hub(added) AS h, drift(added) AS e,
  exp(0.95 * nz(pnum, 'frail') - 0.45) AS g,
  (SELECT hospice FROM prac WHERE prac.pidx = b.pidx) AS hospice,
  (SELECT loc FROM prac WHERE prac.pidx = b.pidx) AS loc
FROM b
WHERE removed0 >= DATE '2018-04-01'
`,
  );

  // ---------------------------------------------------------------- register episodes
  add(
    "register",
    `
CREATE OR REPLACE TABLE reg AS
WITH eps AS (
  -- the episode that runs to death
  SELECT pnum, pidx, 1 AS ep, added,
    CASE WHEN uu(pnum, 'norem') < 0.03 THEN NULL ELSE dod + floor(pow(uu(pnum, 'rem'), 3) * 45)::INT END AS removed,
    'died' AS reason, dod
  FROM dec WHERE reg
  UNION ALL
  -- an earlier episode, discharged
  SELECT pnum, pidx, 0 AS ep,
    added - 20 - floor(uu(pnum, 'pv1') * 300)::INT - 30 - floor(uu(pnum, 'pv2') * 500)::INT AS added,
    added - 20 - floor(uu(pnum, 'pv1') * 300)::INT AS removed,
    CASE WHEN uu(pnum, 'pv3') < 0.8 THEN 'discharged' ELSE 'other' END AS reason, dod
  FROM dec WHERE reg AND uu(pnum, 'prev') < 0.05
  UNION ALL
  SELECT pnum, pidx, 1 AS ep, added, removed, reason, NULL::DATE AS dod FROM ralive
  UNION ALL
  -- some discharged people come back onto the register
  SELECT pnum, pidx, 2 AS ep, removed + 30 + floor(uu(pnum, 'back') * 270)::INT AS added,
    CASE WHEN uu(pnum, 'back2') < 0.5 THEN removed + 400 + floor(uu(pnum, 'back3') * 400)::INT END AS removed,
    'discharged' AS reason, NULL::DATE AS dod
  FROM ralive WHERE reason = 'discharged' AND uu(pnum, 'back') < 0.08
), kw AS (
  -- keyworkers: a few before the hub; from its start most people on the register, including those already on it
  SELECT *, uu(pnum * 10 + ep, 'kw') AS ukw, added + floor(-ln(uu(pnum * 10 + ep, 'kwd')) * 21)::INT AS kw0,
    coalesce(least(removed, dod), DATE '2099-01-01') AS kw_end
  FROM eps
), kw2 AS (
  SELECT *, CASE WHEN ukw < 0.22 THEN kw0
      WHEN ukw < 0.70 THEN greatest(kw0, hub_review(pnum * 10 + ep) + floor(uu(pnum * 10 + ep, 'kwh') * 30)::INT) END AS kw1
  FROM kw
)
SELECT pnum, pidx, ep, added, removed, CASE WHEN removed IS NOT NULL THEN reason END AS reason,
  added + (CASE WHEN uu(pnum * 10 + ep, 'ak') < 0.93 THEN floor(uu(pnum * 10 + ep, 'ak2') * 10) ELSE 20 + floor(uu(pnum * 10 + ep, 'ak2') * 70) END)::INT AS added_known,
  removed + floor(uu(pnum * 10 + ep, 'rk') * 10)::INT AS removed_known,
  CASE WHEN kw1 < kw_end THEN kw1 END AS kw,
  floor(uu(pnum * 10 + ep, 'kwk') * 14)::INT AS kw_lag
FROM kw2
WHERE added <= DATE '2029-03-31' AND (removed IS NULL OR removed >= added)
`,
  );

  // ---------------------------------------------------------------- the cohort (people)
  add(
    "people",
    `
CREATE OR REPLACE TABLE person AS
WITH firsts AS (SELECT pnum, min(added) AS first_added, min(added_known) AS first_added_known FROM reg GROUP BY pnum)
SELECT d.pnum, d.pidx, d.birth, d.sex, d.eth, d.imd, d.diag_gp AS diag, d.dod, d.dod_rec, d.recorded, d.death_known,
  f.first_added, f.first_added_known
FROM dec d LEFT JOIN firsts f USING (pnum)
UNION ALL
SELECT r.pnum, r.pidx, r.birth, r.sex, r.eth, r.imd, r.diag, NULL, NULL, FALSE, NULL, f.first_added, f.first_added_known
FROM ralive r JOIN firsts f USING (pnum)
`,
  );

  // ---------------------------------------------------------------- specialist palliative care episodes
  add(
    "spc_episodes",
    `
CREATE OR REPLACE TABLE ep AS
WITH d AS (
  SELECT pnum, pidx, dod, e, place, sp1, has_sp2, spc_days, hospice, diag,
    CASE WHEN sp1 = 'COMMUNITY' THEN hospice ELSE 'COMMUNITY' END AS sp2
  FROM dec WHERE spc
), eps AS (
  SELECT pnum, pidx, 1 AS epno, sp1 AS partner, dod - spc_days AS start, dod AS endd, dod, e,
    CASE WHEN place = 'hospice' AND sp1 <> 'COMMUNITY' THEN dod - clamp(round(lnorm(8, 0.8, nz(pnum, 'ipu'))), 0, 60)::INT END AS ipu
  FROM d
  UNION ALL
  SELECT pnum, pidx, 2, sp2, dod - spc_days + floor(spc_days * uu(pnum, 'sp2s'))::INT, dod, dod, e, NULL FROM d WHERE has_sp2 = 1
  UNION ALL
  -- people on the register who are alive: some see a specialist team for a while
  SELECT pnum, pidx, 1, CASE WHEN uu(pnum, 'asp') < 0.5 THEN hospice ELSE 'COMMUNITY' END,
    added + floor(-ln(uu(pnum, 'as1')) * 120)::INT,
    least(coalesce(removed, DATE '2029-03-31'), added + floor(-ln(uu(pnum, 'as1')) * 120)::INT + 30 + floor(-ln(uu(pnum, 'as2')) * 90)::INT),
    NULL, e, NULL
  FROM ralive WHERE uu(pnum, 'aspc') < 0.18
)
-- before Eastbridge Hospice joined the alliance, St Aidan's served its locality
SELECT * EXCLUDE (partner), hospice_on(partner, least(start, coalesce(ipu, start))) AS partner,
  least(start, coalesce(ipu, start)) AS start0 FROM eps
WHERE start < endd OR dod IS NOT NULL
`,
  );

  // referrals to the community trust's single point of contact start each of its episodes; the first contact
  // (if the person is still alive) starts the episode's contacts
  add(
    "referrals",
    `
CREATE OR REPLACE TABLE refl AS
WITH r AS (
  SELECT pnum, pidx, epno, dod, e, start0 AS start, endd, TRUE AS accepted_path FROM ep WHERE partner = 'COMMUNITY'
  UNION ALL
  SELECT pnum, pidx, 9, dod, e, added + floor(uu(pnum, 'nsr') * greatest(1, dod - added))::INT, dod, FALSE
  FROM dec WHERE reg AND NOT spc AND age >= 18 AND uu(pnum, 'nsr0') < 0.15
  UNION ALL
  SELECT pnum, pidx, 9, NULL, e, added + floor(-ln(uu(pnum, 'nsr')) * 200)::INT, NULL, FALSE FROM ralive WHERE uu(pnum, 'nsr0') < 0.08
), t AS (
  SELECT *, pnum * 10 + epno AS rk,
    (start - (CASE WHEN uu(pnum * 10 + epno, 'rl') < 0.6 THEN 0 ELSE 1 + floor(uu(pnum * 10 + epno, 'rl2') * 2)::INT END))::TIMESTAMP
      + to_minutes((8 * 60 + floor(uu(pnum * 10 + epno, 'rt') * 600))::BIGINT) AS received_at,
    CASE WHEN dod IS NOT NULL AND dod - start < 30 THEN uu(pnum * 10 + epno, 'urg') < 0.7 ELSE uu(pnum * 10 + epno, 'urg') < 0.3 END AS urgent
  FROM r
), u AS (
  SELECT *,
    -- the rapid response service (from the contract start) contacts most referrals the same or the next day
    uu(rk, 'fast') < (CASE WHEN urgent THEN lerp(0.70, 0.93, resp(received_at::DATE)) ELSE lerp(0.45, 0.80, resp(received_at::DATE)) END) AS fast
  FROM t
), v AS (
  SELECT *,
    CASE
      WHEN fast AND hour(received_at) < 16 AND uu(rk, 'same') < 0.6
        THEN received_at + to_minutes((20 + floor(uu(rk, 'fd') * (least(20 * 60, (20 - hour(received_at)) * 60) - 20)))::BIGINT)
      WHEN fast THEN (received_at::DATE + 1)::TIMESTAMP + to_minutes((8 * 60 + floor(uu(rk, 'fd') * 720))::BIGINT)
      ELSE (received_at::DATE + (CASE WHEN uu(rk, 'wait') < 0.1 THEN 14 + floor(uu(rk, 'sd') * 50) ELSE 2 + floor(uu(rk, 'sd') * 8) END)::INT)::TIMESTAMP
        + to_minutes((9 * 60 + floor(uu(rk, 'st') * 480))::BIGINT) END AS fc
  FROM u
)
SELECT pnum, pidx, epno, rk, received_at, urgent, dod, endd,
  CASE WHEN dod IS NOT NULL AND fc::DATE > dod THEN NULL ELSE fc END AS first_contact_at,
  CASE WHEN dod IS NOT NULL AND fc::DATE > dod THEN 'died_before_contact'
    WHEN accepted_path THEN 'accepted'
    WHEN uu(rk, 'oc') < 0.65 THEN 'signposted' ELSE 'declined' END AS outcome,
  CASE WHEN dod IS NOT NULL AND fc::DATE > dod THEN dod + 1 ELSE fc::DATE + (CASE WHEN accepted_path THEN 0 ELSE 1 END) END AS outcome_known,
  (CASE WHEN uu(rk, 'src') < 0.40 THEN 'gp' WHEN uu(rk, 'src') < 0.65 THEN 'hospital' WHEN uu(rk, 'src') < 0.80 THEN 'community'
    WHEN uu(rk, 'src') < 0.88 THEN 'care_home' WHEN uu(rk, 'src') < 0.90 THEN 'ambulance' WHEN uu(rk, 'src') < 0.96 THEN 'self_family'
    ELSE 'other' END) AS source,
  accepted_path
FROM v
`,
  );

  // ---------------------------------------------------------------- specialist contacts
  add(
    "contacts",
    `
CREATE OR REPLACE TABLE ct AS
WITH e AS (
  SELECT ep.pnum, ep.pidx, ep.epno, ep.partner, ep.dod, ep.endd, ep.ipu,
    CASE WHEN ep.partner = 'COMMUNITY' THEN r.first_contact_at::DATE ELSE ep.start0 END AS cstart,
    ep.pnum * 10 + ep.epno AS ek
  FROM ep LEFT JOIN refl r ON r.pnum = ep.pnum AND r.epno = ep.epno
), e2 AS (
  SELECT *, greatest(0, endd - cstart) AS dur FROM e WHERE cstart IS NOT NULL AND cstart <= endd
), k0 AS (
  SELECT e2.*, uu(ek, 'nc') AS unc, least(1200, round(20 * least(60.0, dur / 7.0 * (0.5 + uu(ek, 'rate')))))::INT AS b FROM e2
), k AS (
  SELECT k0.*, least(99, 1 + len(list_filter(p.cdf, x -> x < unc))) AS n FROM k0 JOIN pois p USING (b)
), c AS (
  SELECT pnum, pidx, epno, partner, dod, ek, cstart, dur, unnest(range(n)) AS j FROM k
  UNION ALL
  SELECT pnum, pidx, epno, partner, dod, ek, ipu, dod - ipu, 100 + unnest(range(dod - ipu + 1)) FROM e2 WHERE ipu IS NOT NULL
)
SELECT pnum, pidx, partner, dod, ek * 1000 + j AS ck, ek,
  CASE WHEN j = 0 THEN cstart WHEN j >= 100 THEN cstart + (j - 100)::INT ELSE cstart + floor(dur * pow(uu(ek * 1000 + j, 'cd'), 0.4))::INT END AS cdate,
  CASE WHEN j >= 100 THEN 'inpatient_unit'
    WHEN partner = 'COMMUNITY' THEN (CASE WHEN uu(ek * 1000 + j, 'sv') < 0.55 THEN 'community_cns' WHEN uu(ek * 1000 + j, 'sv') < 0.75 THEN 'telephone_advice'
      WHEN uu(ek * 1000 + j, 'sv') < 0.85 THEN 'night_service' ELSE 'hospital_spc' END)
    ELSE (CASE WHEN uu(ek * 1000 + j, 'sv') < 0.40 THEN 'hospice_at_home' WHEN uu(ek * 1000 + j, 'sv') < 0.50 THEN 'day_hospice'
      WHEN uu(ek * 1000 + j, 'sv') < 0.65 THEN 'outpatient' WHEN uu(ek * 1000 + j, 'sv') < 0.90 THEN 'telephone_advice' ELSE 'night_service' END) END AS service,
  uu(ek * 1000 + j, 'md') AS um
FROM c
`,
  );

  // ---------------------------------------------------------------- outcome assessments (per episode with contacts)
  add(
    "outcomes",
    `
CREATE OR REPLACE TABLE oc AS
WITH e AS (
  SELECT ek, any_value(pnum) AS pnum, any_value(pidx) AS pidx, any_value(partner) AS partner, any_value(dod) AS dod,
    min(cdate) AS s, max(cdate) AS l, count(*) AS nct
  FROM ct GROUP BY ek
), e2 AS (
  SELECT *, l - s AS dur,
    least(8, CASE WHEN l - s <= 3 THEN 1 ELSE 2 + (l - s) // 14 END)::INT AS na,
    uu(ek, 'imp') < 0.60 AS improving,
    clamp(round(21 + 7 * nz(ek, 'ipos0')), 3, 60)::INT AS i0,
    clamp(round((55 + 12 * nz(ek, 'akps0')) / 10) * 10, 10, 100)::INT AS a0,
    uu(ek, 'ph0') AS uph
  FROM e
), a AS (
  SELECT *, unnest(range(na)) AS j FROM e2
), b AS (
  SELECT ek, pnum, pidx, partner, dod, j, na,
    CASE WHEN j = 0 THEN s ELSE least(l, s + ((dur * j) // greatest(1, na - 1))::INT) END AS adate,
    CASE WHEN uu(ek * 100 + j, 'ib') < 0.10 THEN NULL
      ELSE clamp(round(i0 + (CASE WHEN improving THEN -(4 + 8 * uu(ek, 'drift')) ELSE 1 + 6 * uu(ek, 'drift') END) * j / greatest(1, na - 1)
        + (CASE WHEN j = 0 THEN 0 ELSE 2.5 * nz(ek * 100 + j, 'in') END)), 0, 68) END::INT AS ipos,
    CASE WHEN uu(ek * 100 + j, 'ab') < 0.05 THEN NULL ELSE greatest(10, a0 - 10 * floor(j * 0.7 * uu(ek * 100 + j, 'ad') + j * 0.3))::INT END AS akps,
    CASE WHEN j = 0 THEN (CASE WHEN uph < 0.4 THEN 'stable' WHEN uph < 0.65 THEN 'unstable' ELSE 'deteriorating' END)
      ELSE (CASE WHEN uu(ek * 100 + j, 'ph') < 0.6 THEN 'deteriorating' WHEN uu(ek * 100 + j, 'ph') < 0.85 THEN 'stable' ELSE 'unstable' END) END AS phase0
  FROM a
)
SELECT ek, pnum, pidx, partner, ek * 100 + j AS ak, adate,
  CASE WHEN dod IS NOT NULL AND dod - adate <= 3 AND j > 0 THEN 'dying' ELSE phase0 END AS phase, ipos, akps
FROM b
UNION ALL
SELECT ek, pnum, pidx, partner, ek * 100 + 99, dod, 'deceased', NULL, NULL FROM e2
WHERE dod IS NOT NULL AND uu(ek, 'dcs') < 0.7
`,
  );

  // ---------------------------------------------------------------- hospital spells of the cohort
  add(
    "cohort_spells",
    `
CREATE OR REPLACE TABLE cspell AS
WITH d AS (
  SELECT pnum, pidx, dod, place, res, diag, covid, external, e, g, hospice, sp1, loc,
    CASE WHEN external THEN 0.15
      ELSE g * (CASE WHEN covid THEN 0.5 ELSE 1 END) * (730 * 0.0041 + 0.25) END AS lam_e,
    CASE WHEN diag = 'cancer' THEN 2.5 ELSE 0.5 END AS lam_o
  FROM dec WHERE age >= 18
), pe AS (
  -- emergency admissions over the last two years of life: a flat part and a part rising towards death
  SELECT pnum, dod, 'E' AS kind, unnest(range(len(list_filter(p.cdf, x -> x < une)))) AS k
  FROM (SELECT *, uu(pnum, 'ne') AS une, least(1200, round(20 * lam_e))::INT AS b FROM d) JOIN pois p USING (b)
), pe2 AS (
  SELECT pnum, 'E' AS kind, k,
    dod - floor(CASE WHEN uu(pnum * 1000 + k, 'w') < 0.25 / (730 * 0.0041 + 0.25)
      THEN -30 * ln(1 - uu(pnum * 1000 + k, 'x') * (1 - exp(-730 / 30.0))) ELSE uu(pnum * 1000 + k, 'x') * 730 END)::INT AS adm
  FROM pe
), po AS (
  SELECT pnum, dod, unnest(range(len(list_filter(p.cdf, x -> x < uno)))) AS k
  FROM (SELECT *, uu(pnum, 'no') AS uno, least(1200, round(20 * lam_o))::INT AS b FROM d) JOIN pois p USING (b)
), po2 AS (SELECT pnum, 'O' AS kind, 200 + k AS k, dod - floor(uu(pnum * 1000 + 200 + k, 'x') * 730)::INT AS adm FROM po),
pt AS (
  SELECT pnum, 'T' AS kind, 999 AS k,
    dod - (CASE WHEN uu(pnum, 'tl0') < 0.07 THEN 0 ELSE clamp(round(lnorm(6, 1.0, nz(pnum, 'tl'))), 1, 120) END)::INT AS adm
  FROM d WHERE place = 'hospital'
), pa AS (
  -- people on the register who stay alive
  SELECT r.pnum, r.rend, r.added, unnest(range(len(list_filter(p.cdf, x -> x < r.una)))) AS k
  FROM (SELECT pnum, added, least(coalesce(removed, DATE '2029-03-31'), DATE '2026-12-31') AS rend, uu(pnum, 'na') AS una,
      least(1200, round(20 * least(60.0, g * 0.9 * greatest(0, least(coalesce(removed, DATE '2029-03-31'), DATE '2026-12-31') - added) / 365.25)))::INT AS b
    FROM ralive) r JOIN pois p USING (b)
), pa2 AS (SELECT pnum, 'E' AS kind, k, added + floor(uu(pnum * 1000 + k, 'x') * greatest(1, rend - added))::INT AS adm FROM pa),
-- EAST's community hospital beds close: people who would have gone there are admitted to the acute trust instead
east_d AS (
  SELECT pnum, dod, 600 + unnest(range(len(list_filter(p.cdf, x -> x < u0)))) AS k
  FROM (SELECT pnum, dod, uu(pnum, 'eastn') AS u0, least(1200, round(20 * 0.35 * g))::INT AS b
    FROM d WHERE NOT external AND east_beds_closed(loc, dod)) JOIN pois p USING (b)
), east_d2 AS (
  SELECT pnum, 'E' AS kind, k, dod - floor(uu(pnum * 1000 + k, 'x') * 90)::INT AS adm FROM east_d
), east_a AS (
  SELECT r.pnum, r.s, r.rend, 700 + unnest(range(len(list_filter(p.cdf, x -> x < r.u0)))) AS k
  FROM (SELECT pnum, greatest(added, DATE '${EAST_BEDS_CLOSED}') AS s, least(coalesce(removed, DATE '2029-03-31'), DATE '2026-12-31') AS rend,
      uu(pnum, 'eastn') AS u0,
      least(1200, round(20 * least(60.0, g * 0.9 * 0.45 * greatest(0, least(coalesce(removed, DATE '2029-03-31'), DATE '2026-12-31')
        - greatest(added, DATE '${EAST_BEDS_CLOSED}')) / 365.25)))::INT AS b
    FROM ralive WHERE loc = ${q(bedsClosedLocality)}) r JOIN pois p USING (b)
), east_a2 AS (SELECT pnum, 'E' AS kind, k, s + floor(uu(pnum * 1000 + k, 'x') * greatest(1, rend - s))::INT AS adm FROM east_a),
u AS (
  SELECT * FROM pe2 UNION ALL SELECT * FROM po2 UNION ALL SELECT * FROM pt UNION ALL SELECT * FROM pa2
  UNION ALL SELECT * FROM east_d2 WHERE adm >= DATE '${EAST_BEDS_CLOSED}' UNION ALL SELECT * FROM east_a2
), u2 AS (
  -- thin admissions during the first COVID-19 wave
  SELECT u.* FROM u JOIN months mo ON mo.ms = date_trunc('month', u.adm)::DATE
  WHERE uu(u.pnum * 1000 + u.k, 'thin') < (CASE WHEN u.kind = 'O' THEN mo.elf WHEN u.kind = 'E' THEN mo.admf ELSE 1 END)
), u3 AS (
  SELECT u2.*, t.adm AS tadm FROM u2 LEFT JOIN pt t ON t.pnum = u2.pnum
  WHERE u2.kind = 'T' OR t.adm IS NULL OR u2.adm < t.adm
), u4 AS (
  SELECT * FROM u3
  QUALIFY row_number() OVER (PARTITION BY pnum, adm ORDER BY CASE kind WHEN 'T' THEN 0 WHEN 'E' THEN 1 ELSE 2 END, k) = 1
), u5 AS (
  SELECT u4.*, pnum * 1000 + k AS sk,
    lead(adm) OVER (PARTITION BY pnum ORDER BY adm) AS nxt,
    CASE WHEN kind = 'O' THEN (CASE WHEN uu(pnum * 1000 + k, 'oc') < 0.60 THEN '2' WHEN uu(pnum * 1000 + k, 'oc') < 0.94 THEN '1' ELSE '3' END) END AS ocls
  FROM u4
), w AS (
  SELECT u5.*, d.dod, d.place, d.res, d.hospice, d.sp1,
    (CASE
      WHEN kind = 'T' THEN d.dod - adm
      WHEN kind = 'O' AND ocls <> '1' THEN 0
      WHEN kind = 'O' THEN clamp(round(lnorm(2, 0.7, nz(sk, 'los'))), 1, 30)::INT
      -- EAST's extra admissions (k 600-799) are short stays, what the community beds took
      WHEN k BETWEEN 600 AND 799 THEN clamp(round(lnorm(1.5, 0.6, nz(sk, 'los'))), 0, 5)::INT
      WHEN uu(sk, 'sd') < 0.12 THEN 0
      ELSE clamp(round(lnorm(5.5, 0.95, nz(sk, 'los'))), 1, 90)::INT END)::INT AS los0
  FROM u5 LEFT JOIN d USING (pnum)
)
SELECT pnum, sk, kind, adm, ocls, dod, place, res, hospice, sp1,
  CASE WHEN kind = 'T' THEN adm + los0
    ELSE least(adm + los0, coalesce(nxt, adm + los0), coalesce(dod, adm + los0)) END AS dis
FROM w
WHERE dod IS NULL OR kind = 'T' OR adm < dod
`,
  );

  // ---------------------------------------------------------------- hospital spells of everyone else (adult patients of member practices)
  add(
    "other_spells",
    `
CREATE OR REPLACE TABLE gspell AS
WITH n AS (
  SELECT pidx, m, ms, days, list,
    greatest(0, round(mue + sqrt(mue) * nz(pidx * 1000 + m, 'gne')))::INT AS ne,
    greatest(0, round(muo + sqrt(muo) * nz(pidx * 1000 + m, 'gno')))::INT AS no
  FROM (SELECT *, list * 0.8 * 0.1 / 12.0 * admf AS mue, list * 0.8 * 0.1 / 12.0 * elf AS muo
        FROM pm WHERE ms BETWEEN DATE '2018-04-01' AND DATE '2026-09-01')
), x AS (SELECT pidx, m, ms, days, list, ne, unnest(range(ne + no)) AS j FROM n)
SELECT pidx, (pidx::BIGINT * 1000 + m) * 100000 + j AS sk,
  CASE WHEN j < ne THEN 'E' ELSE 'O' END AS kind,
  ms + floor(uu((pidx::BIGINT * 1000 + m) * 100000 + j, 'd') * days)::INT AS adm,
  'pk_' || hx(pidx::BIGINT * 100000000 + floor(uu((pidx::BIGINT * 1000 + m) * 100000 + j, 'slot') * list * 0.8)::BIGINT, 'gp') AS pid
FROM x
`,
  );

  // all spells, with the trust's coding
  add(
    "spells",
    `
CREATE OR REPLACE VIEW spell AS
WITH a AS (
  SELECT pid(pnum) AS pid, 'C' AS src, sk, kind, adm, dis, ocls, dod, place, res, hospice, sp1 FROM cspell
  UNION ALL
  SELECT pid, 'G', sk, kind, adm,
    adm + (CASE WHEN kind = 'O' THEN (CASE WHEN uu(sk, 'oc') < 0.62 THEN 0 ELSE clamp(round(lnorm(2, 0.7, nz(sk, 'los'))), 1, 30) END)
      WHEN uu(sk, 'sd') < 0.15 THEN 0 ELSE clamp(round(lnorm(4.5, 0.95, nz(sk, 'los'))), 1, 90) END)::INT,
    CASE WHEN kind = 'O' THEN (CASE WHEN uu(sk, 'oc') < 0.62 THEN '2' WHEN uu(sk, 'oc') < 0.985 THEN '1' ELSE '3' END) END,
    NULL, NULL, CASE WHEN uu(sk, 'chr') < 0.03 THEN 'care_home' ELSE 'home' END, NULL, NULL
  FROM gspell
), b AS (
  SELECT *, uu(sk, src || 'm') AS um, uu(sk, src || 'x') AS ux FROM a
)
SELECT pid, src, sk,
  'SP' || upper(hx(sk, src || 'id')) AS spell_id,
  adm,
  -- discharge: at death for spells ending in death; a few still open when the person died; a few recorded the next day
  CASE WHEN kind = 'T' AND uu(sk, 'open') < 0.03 THEN NULL
    WHEN kind = 'T' AND uu(sk, 'open') < 0.05 THEN dis + 1
    ELSE dis END AS dis,
  CASE WHEN kind IN ('E', 'T') AND NOT (kind = 'T' AND um > 0.94) THEN
      (CASE WHEN um < 0.70 THEN '21' WHEN um < 0.80 THEN '22' WHEN um < 0.82 THEN '23' WHEN um < 0.85 THEN '24' WHEN um < 0.86 THEN '25'
        WHEN um < 0.89 THEN '2A' WHEN um < 0.92 THEN '2B' WHEN um < 0.97 THEN '2D' ELSE '28' END)
    WHEN kind = 'T' THEN '11'
    WHEN src = 'G' THEN (CASE WHEN um < 0.40 THEN '11' WHEN um < 0.70 THEN '12' WHEN um < 0.85 THEN '13' WHEN um < 0.91 THEN '31'
      WHEN um < 0.94 THEN '32' WHEN um < 0.97 THEN '81' WHEN um < 0.98 THEN '82' WHEN um < 0.99 THEN '83' ELSE '99' END)
    ELSE (CASE WHEN um < 0.45 THEN '11' WHEN um < 0.80 THEN '12' ELSE '13' END) END AS method,
  CASE WHEN kind = 'O' THEN ocls WHEN dis = adm AND uu(sk, 'cls') < 0.35 THEN '2' ELSE '1' END AS cls,
  CASE WHEN kind = 'T' AND dis IS NOT NULL AND uu(sk, 'open') >= 0.03 THEN '4'
    WHEN ux < 0.97 THEN '1' WHEN ux < 0.985 THEN '2' ELSE '9' END AS dmethod,
  -- care-home residents: 55 (with nursing) or 56 (without); the retired 54, 65 and 85 linger in the early years
  CASE WHEN res = 'care_home' AND uu(sk, 'asr') < clamp((DATE '2021-04-01' - adm) / 730.0, 0, 1)
      THEN (CASE WHEN uu(sk, 'as') < 0.6 THEN '85' WHEN uu(sk, 'as') < 0.9 THEN '65' ELSE '54' END)
    WHEN res = 'care_home' THEN (CASE WHEN uu(sk, 'as') < 0.45 THEN '55' ELSE '56' END)
    WHEN sp1 IS NOT NULL AND sp1 <> 'COMMUNITY' AND uu(sk, 'as') < 0.05 THEN '88'
    WHEN uu(sk, 'as') < 0.93 THEN '19' WHEN uu(sk, 'as') < 0.95 THEN '29' WHEN uu(sk, 'as') < 0.965 THEN '51'
    WHEN uu(sk, 'as') < 0.97 THEN '87' WHEN uu(sk, 'as') < 0.975 THEN '98' ELSE '99' END AS source,
  -- where the patient went: 79 when they died; back to the care home, home, another hospital or a hospice; a few not recorded
  CASE WHEN kind = 'T' AND dis IS NOT NULL AND uu(sk, 'open') >= 0.03 THEN '79'
    WHEN dis IS NULL OR uu(sk, 'dd0') < 0.02 THEN NULL
    WHEN res = 'care_home' THEN (CASE WHEN uu(sk, 'dd') < 0.06 THEN '51' WHEN uu(sk, 'asr') < clamp((DATE '2021-04-01' - adm) / 730.0, 0, 1)
      THEN (CASE WHEN uu(sk, 'as') < 0.6 THEN '85' WHEN uu(sk, 'as') < 0.9 THEN '65' ELSE '54' END)
      WHEN uu(sk, 'as') < 0.45 THEN '55' ELSE '56' END)
    WHEN sp1 IS NOT NULL AND sp1 <> 'COMMUNITY' AND uu(sk, 'dd') < 0.06 THEN '88'
    WHEN uu(sk, 'dd') < 0.88 THEN '19' WHEN uu(sk, 'dd') < 0.91 THEN '29' WHEN uu(sk, 'dd') < 0.945 THEN '51'
    WHEN uu(sk, 'dd') < 0.96 THEN '52' WHEN uu(sk, 'dd') < 0.97 THEN '87' WHEN uu(sk, 'dd') < 0.985 THEN '98' ELSE '99' END AS ddest,
  kind, dod
FROM b
`,
  );

  add(
    "spell_costs",
    `
CREATE OR REPLACE VIEW spell2 AS
SELECT *,
  adm + floor(uu(sk, 'akn') * 3)::INT AS adm_known,
  dis + floor(uu(sk, 'dkn') * 4)::INT AS dis_known,
  CASE WHEN dis IS NULL OR uu(sk, 'nocost') < 0.05 THEN NULL
    WHEN method LIKE '2%' THEN round(600 + 160 * (dis - adm) * (0.8 + 0.4 * uu(sk, 'cost')), 2)
    WHEN cls = '1' THEN round(1400 + 280 * (dis - adm) * (0.8 + 0.4 * uu(sk, 'cost')), 2)
    ELSE round(350 + 850 * uu(sk, 'cost'), 2) END AS cost,
  dis + 10 + floor(uu(sk, 'ckn') * 50)::INT AS cost_known
FROM spell
WHERE adm BETWEEN DATE '2018-04-01' AND DATE '2026-09-30'
`,
  );

  // ---------------------------------------------------------------- care plans
  add(
    "care_plans",
    `
CREATE OR REPLACE MACRO cp_partner(rk, age, spc, has_sp2, sp1, hospice) AS (
  CASE WHEN age < 18 OR uu(rk, 'pt') < 0.55 THEN 'GPFED'
    WHEN spc AND (has_sp2 = 0 OR uu(rk, 'pt2') < 0.6) THEN sp1
    WHEN spc THEN (CASE WHEN sp1 = 'COMMUNITY' THEN hospice ELSE 'COMMUNITY' END)
    ELSE 'COMMUNITY' END);
CREATE OR REPLACE TABLE cp2 AS
WITH d AS (
  SELECT pnum, pidx, dod, e, h, reg, added, has_ppod, pref, place, covid, age, spc, sp1, has_sp2, hospice,
    greatest(CASE WHEN reg THEN added - 20 ELSE dod - 120 END, dod - 900) AS ws,
    acp_equity(imd) * (CASE WHEN covid THEN 0.5 ELSE 1 END) AS acpf
  FROM dec WHERE NOT external
), recs AS (
  -- the hub's ACP clinics add plans (by_hub), made from its start
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 1 AS rno, 'acp' AS rtype, NULL AS pref,
    reg AND uu(pnum, 'acp') >= 0.36 * acpf AS by_hub FROM d
  WHERE uu(pnum, 'acp') < (CASE WHEN reg THEN (0.36 + 0.27 * h) * acpf ELSE 0.05 END)
  UNION ALL
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 2, 'respect', NULL,
    reg AND uu(pnum, 'respect') >= 0.22 * acpf FROM d
  WHERE age >= 18 AND uu(pnum, 'respect') < (CASE WHEN reg THEN (0.22 + 0.10 * h) * acpf ELSE 0.08 END)
  UNION ALL
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 3, 'ppod', pref, FALSE FROM d WHERE has_ppod
), dated AS (
  SELECT *, ws + floor((dod - ws) * pow(uu(pnum * 10 + rno, 'rd'), 0.6))::INT AS rdate0,
    CASE WHEN by_hub THEN greatest(rdate0, hub_review(pnum) + floor(uu(pnum * 10 + rno, 'hubd') * 45)::INT) ELSE rdate0 END AS rdate
  FROM recs
), extra AS (
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, rno, rtype, pref, rdate FROM dated
  UNION ALL
  -- an earlier, different preference (changed mind)
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 4, 'ppod',
    CASE WHEN pref = 'home' THEN 'hospice' WHEN pref = 'hospice' THEN 'home' WHEN pref = 'care_home' THEN 'home' ELSE 'home' END,
    rdate - 20 - floor(uu(pnum, 'ppe') * 180)::INT
  FROM dated WHERE rno = 3 AND uu(pnum, 'ppe0') < 0.25
  UNION ALL
  -- a second record of the same day by another partner, naming another place
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 5, 'ppod',
    CASE WHEN pref = 'home' THEN 'hospice' WHEN pref = 'hospice' THEN 'home' WHEN pref = 'care_home' THEN 'hospital' ELSE 'home' END, rdate
  FROM dated WHERE rno = 3 AND pref <> 'no_preference' AND uu(pnum, 'ppsd') < 0.04
  UNION ALL
  -- a same-day 'no_preference' record
  SELECT pnum, pidx, dod, ws, spc, sp1, has_sp2, hospice, age, 6, 'ppod', 'no_preference', rdate
  FROM dated WHERE rno = 3 AND pref <> 'no_preference' AND uu(pnum, 'ppsd') BETWEEN 0.04 AND 0.07
  UNION ALL
  -- people on the register who stay alive
  -- (the hub's ACP clinics also reach those already on the register when it starts)
  SELECT pnum, pidx, NULL, added, FALSE, hospice, 0, hospice, 50, 1, 'acp', NULL,
    CASE WHEN uu(pnum, 'aacp') < 0.36 * acp_equity(imd) THEN added + floor(-ln(uu(pnum, 'aacpd')) * 90)::INT
      ELSE greatest(added + floor(-ln(uu(pnum, 'aacpd')) * 90)::INT, hub_review(pnum) + floor(uu(pnum, 'aacph') * 60)::INT) END
  FROM ralive WHERE uu(pnum, 'aacp') < 0.36 * acp_equity(imd)
    OR (uu(pnum, 'aacp') < 0.66 * acp_equity(imd) AND coalesce(removed, DATE '2099-01-01') > DATE '${HUB_START}')
  UNION ALL
  SELECT pnum, pidx, NULL, added, FALSE, hospice, 0, hospice, 50, 2, 'respect', NULL,
    CASE WHEN uu(pnum, 'ars') < 0.22 * acp_equity(imd) THEN added + floor(-ln(uu(pnum, 'arsd')) * 120)::INT
      ELSE greatest(added + floor(-ln(uu(pnum, 'arsd')) * 120)::INT, hub_review(pnum) + floor(uu(pnum, 'arsh') * 90)::INT) END
  FROM ralive WHERE uu(pnum, 'ars') < 0.22 * acp_equity(imd)
    OR (uu(pnum, 'ars') < 0.34 * acp_equity(imd) AND coalesce(removed, DATE '2099-01-01') > DATE '${HUB_START}')
  UNION ALL
  SELECT pnum, pidx, NULL, added, FALSE, hospice, 0, hospice, 50, 3, 'ppod',
    CASE WHEN uu(pnum, 'apr') < 0.6 THEN 'home' WHEN uu(pnum, 'apr') < 0.8 THEN 'care_home' WHEN uu(pnum, 'apr') < 0.9 THEN 'hospice' ELSE 'no_preference' END,
    added + floor(-ln(uu(pnum, 'appd')) * 100)::INT
  FROM ralive WHERE uu(pnum, 'app') < lerp(0.38, 0.55, e)
)
SELECT pnum, pidx, pnum * 10 + rno AS rk, rtype, pref, rdate,
  -- the same-day record of another place (rno 5) comes from a partner other than the one that made the record it doubles
  hospice_on(CASE WHEN rno = 5 THEN (CASE WHEN cp_partner(pnum * 10 + 3, age, spc, has_sp2, sp1, hospice) = 'GPFED' THEN 'COMMUNITY' ELSE 'GPFED' END)
    ELSE cp_partner(pnum * 10 + rno, age, spc, has_sp2, sp1, hospice) END, rdate) AS partner,
  rdate + (CASE WHEN uu(pnum * 10 + rno, 'lk') < 0.9 THEN floor(uu(pnum * 10 + rno, 'lk2') * 4) ELSE 20 + floor(uu(pnum * 10 + rno, 'lk2') * 130) END)::INT AS known
FROM extra
WHERE rdate <= coalesce(dod, DATE '2029-03-31')
`,
  );
  // ---------------------------------------------------------------- fast track
  add(
    "fast_track",
    `
CREATE OR REPLACE TABLE ftk AS
WITH a AS (
  SELECT pnum, pidx, dod, e, dod - clamp(round(lnorm(12, 0.9, nz(pnum, 'fta'))), 0, 120)::INT AS app, uu(pnum, 'fto') AS uo FROM dec WHERE ft
), b AS (
  SELECT *,
    -- most decisions within days; some wait for a panel
    app + (CASE WHEN uu(pnum, 'ftslow') < 0.12 THEN 10 + floor(uu(pnum, 'ftk') * 30) ELSE floor(uu(pnum, 'ftk') * 3) END)::INT AS decided,
    app + (CASE WHEN uu(pnum, 'ftd') < lerp(0.52, 0.84, resp(app)) THEN floor(uu(pnum, 'ftd2') * 3) ELSE 3 + floor(uu(pnum, 'ftd2') * 8) END)::INT AS ps0
  FROM a
), c AS (SELECT *, greatest(ps0, decided) AS pstart0 FROM b)
SELECT pnum, pidx, app,
  CASE WHEN uo < 0.03 THEN 'declined' WHEN uo < 0.035 THEN 'pending' WHEN pstart0 > dod THEN 'died_before_package' ELSE 'approved' END AS outcome,
  CASE WHEN uo >= 0.035 AND pstart0 <= dod THEN pstart0 END AS pstart,
  CASE WHEN uo < 0.035 THEN decided WHEN pstart0 > dod THEN dod + 1 ELSE decided END AS outcome_known,
  pstart0 + floor(uu(pnum, 'ftpk') * 3)::INT AS pstart_known,
  app + floor(uu(pnum, 'ftak') * 2)::INT AS app_known
FROM c
`,
  );

  // ---------------------------------------------------------------- carers
  add(
    "carers",
    `
CREATE OR REPLACE TABLE car AS
WITH d AS (
  SELECT pnum, pidx, dod, e, h, carer, spc, sp1, reg, added, hospice,
    CASE WHEN spc THEN dod - spc_days WHEN reg THEN added ELSE dod - 60 END AS ws,
    CASE WHEN spc THEN sp1 ELSE 'COMMUNITY' END AS idp,
    CASE WHEN uu(pnum, 'nca') < 0.15 THEN 2 ELSE 1 END AS ncar
  FROM dec WHERE age >= 18 AND NOT external
), c AS (
  SELECT *, unnest(range(ncar)) AS c FROM d WHERE carer
), c2 AS (
  SELECT pnum, pidx, dod, e, idp AS partner, hospice, pnum * 10 + c AS ck,
    CASE WHEN uu(pnum * 10 + c, 'aft') < 0.03 THEN dod + 1 + floor(uu(pnum * 10 + c, 'aft2') * 20)::INT
      ELSE greatest(ws, dod - 900) + floor((dod - greatest(ws, dod - 900)) * pow(uu(pnum * 10 + c, 'idd'), 0.7))::INT END AS ident
  FROM c
), alive AS (
  SELECT pnum, pidx, NULL::DATE AS dod, e, CASE WHEN uu(pnum, 'acpt') < 0.5 THEN hospice ELSE 'COMMUNITY' END AS partner, hospice,
    pnum * 10 AS ck, added + floor(-ln(uu(pnum, 'acd')) * 60)::INT AS ident
  FROM ralive WHERE uu(pnum, 'aca') < lerp(0.28, 0.42, e)
), allc AS (SELECT * FROM c2 UNION ALL SELECT * FROM alive),
x AS (
  SELECT *,
    CASE WHEN uu(ck, 'off') < 0.6 THEN ident + floor(uu(ck, 'off2') * 29)::INT
      WHEN uu(ck, 'off') < 0.9 THEN ident + 29 + floor(uu(ck, 'off2') * 90)::INT END AS offered,
    CASE WHEN uu(ck, 'sup') < lerp(0.42, 0.56, drift(ident)) THEN ident + floor(uu(ck, 'sup2') * 90)::INT
      WHEN uu(ck, 'sup') < 0.75 THEN ident + 91 + floor(uu(ck, 'sup2') * 120)::INT END AS support
  FROM allc
)
SELECT 'ck_' || hx(ck, 'ck') AS carer_id, pnum, pidx, hospice_on(partner, ident) AS partner, ck, ident, offered,
  CASE WHEN offered IS NOT NULL AND uu(ck, 'cmp') < 0.7 THEN offered + floor(uu(ck, 'cmp2') * 40)::INT END AS completed,
  support,
  CASE WHEN dod IS NOT NULL AND partner <> 'COMMUNITY' AND uu(ck, 'hbv') < 0.25 THEN dod + clamp(round(lnorm(28, 0.6, nz(ck, 'hbvd'))), 1, 300)::INT END AS bereavement,
  dod
FROM x
UNION ALL
-- the bereavement service: carers referred around the death (some already known to a hospice or the community trust)
SELECT 'ck_' || hx(ck, 'ck'), pnum, pidx, 'BEREAVE', ck,
  dod + floor(uu(ck, 'bid') * 12)::INT, NULL, NULL, NULL,
  -- its staff shortage: referrals still recorded, but fewer carers reached, and later
  CASE WHEN uu(ck, 'brvmiss') >= 0.2 * brv_shortage(dod + 28)
    THEN dod + clamp(round(lnorm(lerp(32, 27, e) * (1 + 0.6 * brv_shortage(dod + 28)), 0.55, nz(ck, 'bvd'))), 1, 400)::INT END, dod
FROM (SELECT pnum * 10 + c AS ck, pnum, pidx, dod, e FROM c WHERE uu(pnum * 10 + c, 'brv') < lerp(0.70, 0.78, e)
      UNION ALL
      -- carers referred only after the death: as many, relative to the carers known before it, as at baseline (so
      -- the share of carers never offered an assessment, CAR-02's denominator, stays flat)
      SELECT pnum * 10 AS ck, pnum, pidx, dod, e FROM d
      WHERE NOT carer AND uu(pnum, 'brvo') < 0.08 * lerp(1.0, 0.52 / 0.33, e) * (1 + 0.27 * h))
`,
  );
  add(
    "carers_known",
    `
CREATE OR REPLACE TABLE car2 AS
SELECT *,
  ident + floor(uu(ck, partner || 'k1') * 14)::INT AS ident_known,
  offered + floor(uu(ck, partner || 'k2') * 14)::INT AS offered_known,
  completed + floor(uu(ck, partner || 'k3') * 14)::INT AS completed_known,
  support + floor(uu(ck, partner || 'k4') * 14)::INT AS support_known,
  bereavement + floor(uu(ck, partner || 'k5') * 14)::INT AS bereavement_known
FROM car;
DROP TABLE car;
`,
  );

  // ---------------------------------------------------------------- practice list sizes at quarter end
  add(
    "practice_list",
    `
CREATE OR REPLACE TABLE plist AS
SELECT pm.pidx, qlabel(pm.ms) AS period, round(pm.list * (1 + 0.002 * nz(pm.pidx * 1000 + pm.m, 'pl')))::BIGINT AS list_size
FROM pm WHERE month(pm.ms) IN (3, 6, 9, 12) AND pm.ms BETWEEN DATE '2018-06-01' AND DATE '2026-09-01'
`,
  );

  return st;
}
