import { describe, expect, it } from "vitest";
import { completenessSummary, incompleteFigures, parseMissingSubmissions, partnerCompleteness } from "../../src/components/completeness.js";

const submission = (partner: string, dataset: string, arrival: string, submitted: string | null = "2025-01-20", period = "2024-25-Q3") => ({
  partner,
  dataset,
  period,
  due_date: "2025-01-30",
  submitted,
  arrival,
  resubmitted: false,
});

const partners = [
  { code: "GPFED", name: "GP Federation" },
  { code: "HOSPICE1", name: "St Aidan's Hospice" },
  { code: "HOSPICE2", name: "Eastbridge Hospice" },
  { code: "NEWCO", name: "New partner" },
];

const submissions = [
  submission("GPFED", "deaths", "on_time"),
  submission("GPFED", "people", "on_time"),
  submission("HOSPICE1", "carers", "late", "2025-02-14"),
  submission("HOSPICE1", "outcomes", "late", "2025-02-14"),
  submission("HOSPICE1", "care_plans", "on_time"),
  submission("HOSPICE2", "carers", "missing", null),
  submission("HOSPICE2", "outcomes", "on_time"),
  submission("GPFED", "deaths", "missing", null, "2024-25-Q2"),
];

describe("partner completeness for a quarter", () => {
  const status = partnerCompleteness(submissions, partners, "2024-25-Q3");

  it("says in words how each partner's expected files arrived, only for that quarter", () => {
    expect(status.map((p) => p.sentence)).toEqual([
      "GP Federation: both expected files for 2024-25 Q3 arrived on time.",
      "St Aidan's Hospice: 3 files expected for 2024-25 Q3: 1 on time; late: carers and outcome measures (received 14 February 2025, 15 days after the due date), loaded and included.",
      "Eastbridge Hospice: 2 files expected for 2024-25 Q3: 1 on time; missing: carers, so figures that need it are marked Incomplete.",
      "New partner: no files expected for 2024-25 Q3.",
    ]);
    expect(status.map((p) => p.status)).toEqual(["on_time", "late", "missing", "not_expected"]);
  });

  it("lists the figures a missing submission leaves incomplete, with the submissions behind them", () => {
    const rows = [
      { metric_id: "CAR-01", period_type: "quarter", incomplete: true, missing_submissions: "HOSPICE2:2024-25-Q3" },
      { metric_id: "CAR-01", period_type: "rolling12", incomplete: true, missing_submissions: "HOSPICE2:2024-25-Q3;GPFED:2024-25-Q2" },
      { metric_id: "POD-01", period_type: "quarter", incomplete: false, missing_submissions: null },
    ];
    const figures = incompleteFigures(rows, [
      { id: "POD-01", name: "Deaths in hospital" },
      { id: "CAR-01", name: "Carer identified before death" },
    ]);
    expect(figures).toEqual([
      {
        id: "CAR-01",
        name: "Carer identified before death",
        periodTypes: ["quarter", "rolling12"],
        missing: [
          { partner: "GPFED", period: "2024-25-Q2" },
          { partner: "HOSPICE2", period: "2024-25-Q3" },
        ],
      },
    ]);
    const names = (c: string) => partners.find((p) => p.code === c)?.name ?? c;
    expect(completenessSummary(figures, status, { partnerName: names, total: 29 })).toBe(
      "1 of the 29 metrics has an incomplete figure for this period (CAR-01), because GP Federation's submission for 2024-25 Q2 and Eastbridge Hospice's submission for 2024-25 Q3 were missing. They are marked Incomplete wherever they appear. Late this quarter, but loaded and included: St Aidan's Hospice (carers and outcomes).",
    );
    expect(completenessSummary([], status.slice(0, 1), { total: 29 })).toBe("Every one of the 29 figures rests on complete partner submissions.");
  });

  it("reads the published missing_submissions column", () => {
    expect(parseMissingSubmissions("ACUTE:2024-25-Q2; HOSPICE2:2024-25-Q1")).toEqual([
      { partner: "ACUTE", period: "2024-25-Q2" },
      { partner: "HOSPICE2", period: "2024-25-Q1" },
    ]);
    expect(parseMissingSubmissions(null)).toEqual([]);
  });
});
