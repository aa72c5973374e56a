/**
 * The demo alliance's story, stated once: the dates of its causes (used by the model, the config and the
 * submission calendar) and, per metric, the line that explains what a reader should see (printed by
 * `story-report.ts` beside the measured figures, and written out in demo/README.md).
 */

/** The integrated palliative care hub starts: register reviews at every practice, keyworkers, ACP clinics. */
export const HUB_START = "2021-10-01";
/** The rapid response service starts with the contract. */
export const RAPID_RESPONSE_START = "2023-04-01";
/** EAST locality's community hospital beds close; its emergency admissions rise and stay up. */
export const EAST_BEDS_CLOSED = "2025-04-01";
/** Eastbridge Hospice (HOSPICE2) joins the alliance; before it, St Aidan's (HOSPICE1) served EAST. */
export const HOSPICE2_FROM = "2021-04-01";
/** The bereavement charity's staff shortage (contacts fall), recovering over the following quarter. */
export const BEREAVEMENT_SHORTAGE = { from: "2024-07-01", to: "2025-03-31", recoveredBy: "2025-07-01" };
/** The quarters in which COMMUNITY's extract broke (many more rejected rows). */
export const COMMUNITY_QUALITY_DIP = ["2025-26-Q1", "2025-26-Q2"];

export type StoryKind = "step" | "drift" | "flat" | "worse" | "covid";

export interface MetricStory {
  kind: StoryKind;
  line: string;
}

const HUB = "step up at 2021-10: the integrated palliative care hub (register reviews, keyworkers, ACP clinics)";

/** What each metric's figures should show, and why. */
export const METRIC_STORY: Record<string, MetricStory> = {
  "POD-01": { kind: "drift", line: "falls slowly, a few points over the contract (about 46% to 42-43%)" },
  "POD-02": { kind: "drift", line: "rises slowly; COVID-19 year higher; quintile 1 about 5-6 points below quintile 5" },
  "POD-03": { kind: "flat", line: "flat: common-cause variation only" },
  "POD-04": { kind: "flat", line: "flat: common-cause variation only" },
  "POD-05": { kind: "drift", line: "rises slowly with home deaths" },
  "PPD-01": { kind: "drift", line: "drifts up as recording improves" },
  "PPD-02": { kind: "drift", line: "drifts up slowly" },
  "HOSP-01": { kind: "worse", line: "flat, then EAST rises from 2025-04 (community hospital beds closed)" },
  "HOSP-02": { kind: "worse", line: "flat, then EAST rises from 2025-04 (community hospital beds closed)" },
  "HOSP-03": { kind: "flat", line: "flat: common-cause variation only (fewer admissions in the COVID-19 year)" },
  "HOSP-04": { kind: "flat", line: "flat: common-cause variation only" },
  "HOSP-05": { kind: "worse", line: "flat, then EAST rises from 2025-04 (community hospital beds closed)" },
  "COST-01": { kind: "flat", line: "flat: common-cause variation only" },
  "ID-01": { kind: "step", line: HUB },
  "ID-02": { kind: "step", line: `${HUB}; lower for Asian and Black groups` },
  "ID-03": { kind: "step", line: HUB },
  "ACP-01": { kind: "step", line: `${HUB}; quintile 1 about 10 points below quintile 5` },
  "ACP-02": { kind: "step", line: HUB },
  "ACP-03": { kind: "step", line: "smaller step up at 2021-10 (ReSPECT forms at the hub's ACP clinics)" },
  "KW-01": { kind: "step", line: HUB },
  "CAR-01": { kind: "drift", line: "drifts up" },
  "CAR-02": { kind: "flat", line: "flat: common-cause variation only" },
  "CAR-03": { kind: "drift", line: "drifts up slowly" },
  "BRV-01": { kind: "worse", line: "falls 2024-07 to 2025-03 (staff shortage at BEREAVE), recovered by mid-2025" },
  "RESP-01": { kind: "step", line: "step up at 2023-04: the rapid response service" },
  "RESP-02": { kind: "step", line: "step up at 2023-04: the rapid response service" },
  "SPC-01": { kind: "flat", line: "flat: common-cause variation only" },
  "PROM-01": { kind: "flat", line: "flat: common-cause variation only" },
  "DQ-01": { kind: "flat", line: "flat: common-cause variation only" },
};
