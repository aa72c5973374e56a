import { describe, expect, it } from "vitest";
import { disclosureCountWords, emptyReasonWords, EMPTY_REASON_SHORT, hiddenWords, listWords, spcSuggestionWords } from "../../src/components/labels.js";
import { beforeAfterStatement } from "../../src/components/statements.js";
import { EMPTY_REASONS } from "../../metrics/engine/columns.ts";

describe("the wording of empty and hidden figures (labels.js)", () => {
  it("has a short reason for every empty reason the engine writes", () => {
    for (const reason of EMPTY_REASONS) expect(EMPTY_REASON_SHORT[reason], reason).toBeTruthy();
  });

  it("says why a value is too recent in the metric's own terms", () => {
    const row = { empty_reason: "follow_up_open", period: "2026-09", period_type: "month" };
    expect(emptyReasonWords(row, { id: "CAR-03", follow_up_days: 90 })).toBe("too recent: carers identified in September 2026 have not yet had 90 days");
    expect(emptyReasonWords({ ...row, period: "2026-27-Q2", period_type: "quarter" }, { id: "BRV-01", follow_up_days: 56 })).toBe(
      "too recent: carers of people who died in 2026-27 Q2 have not yet had 8 weeks",
    );
  });

  it("says a missing submission is not zero, and a secondary cell is not a small number", () => {
    expect(emptyReasonWords({ empty_reason: "missing_submission", missing_submissions: "COMMUNITY:2022-23-Q3" }, { id: "RESP-01" })).toBe(
      "an expected submission is missing (COMMUNITY 2022-23-Q3), so this is not known: it is not zero",
    );
    expect(hiddenWords({ empty_reason: "suppressed" }, { suppress: [1, 7] })).toBe("hidden by disclosure control: it rests on 1 to 7 people");
    expect(hiddenWords({ empty_reason: "suppressed_secondary" })).not.toMatch(/people/);
    expect(disclosureCountWords({ cells: 100, primary_cells: 9, secondary_cells: 3 })).toBe(
      "12 of 100 figures hidden: 9 resting on 1 to 7 people, 3 hidden to protect a small number elsewhere",
    );
  });

  it("reaches the board's before/after statements", () => {
    const definition = { id: "CAR-03", name: "Carers receiving support", unit: "percent", follow_up_days: 90, direction: "up", change_assessed: true };
    const row = { period: "2026-27-Q2", period_type: "quarter", value: null, empty_reason: "follow_up_open", suppressed: false };
    const statement = beforeAfterStatement(row, definition, { periodType: "quarter", emptyReasons: { follow_up_open: "technical" } });
    expect(statement.text).toContain("no value, because too recent: carers identified in 2026-27 Q2 have not yet had 90 days");
    const hidden = beforeAfterStatement({ ...row, suppressed: true, empty_reason: "suppressed_secondary" }, definition, { periodType: "quarter" });
    expect(hidden.text).toContain("protect a small number elsewhere");
  });
});

describe("listWords", () => {
  it("lists as a reader does", () => {
    expect(listWords(["Jul 2026"])).toBe("Jul 2026");
    expect(listWords(["Jul 2026", "Aug 2026"])).toBe("Jul 2026 and Aug 2026");
    expect(listWords(["Jul 2026", "Aug 2026", "Sep 2026"])).toBe("Jul 2026, Aug 2026 and Sep 2026");
  });
});

describe("an SPC recalculation the metrics run proposes, in words", () => {
  const suggestion = { side: "above", month: "2023-04", run_points: 42, run_to: "2026-09", accepted_by: null as string | null };
  it("says what shifted, since when, why assurance is withheld, and that a config entry accepts it", () => {
    const words = spcSuggestionWords(suggestion);
    expect(words).toMatch(/^Proposed recalculation: a sustained shift above the centre line from April 2023 \(42 months, to September 2026\)/);
    expect(words).toContain("assurance icon is withheld");
    expect(words).toContain("spc.rebase");
  });
  it("does not speak of a withheld assurance icon for a metric without a target (it has none to withhold)", () => {
    const words = spcSuggestionWords(suggestion, { hasTarget: false });
    expect(words).toContain("the limits no longer describe the process.");
    expect(words).not.toContain("assurance");
  });
  it("says how the config answered it once it has", () => {
    expect(spcSuggestionWords({ ...suggestion, accepted_by: "keep" })).toContain("keeps the limits as they are");
    expect(spcSuggestionWords({ ...suggestion, accepted_by: "2023-04" })).toContain("recalculates the limits at April 2023");
  });
});
