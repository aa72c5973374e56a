import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { SPC_SUGGESTION_COLUMNS, type SpcSuggestionRow } from "./columns.ts";

/**
 * `spc-suggest` and the metrics summary: each proposed SPC recalculation in words, with the config line that
 * accepts it (added to the config's `rebase` list, with the reason said in the alliance's words; or the same
 * entry with `"keep": true` to keep the limits as they are).
 */

export function readSuggestions(path: string): SpcSuggestionRow[] {
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return records.map((r) => {
    const row = Object.fromEntries(Object.keys(SPC_SUGGESTION_COLUMNS).map((n) => [n, r[n] === "" ? null : r[n]])) as Record<string, unknown>;
    row.run_points = Number(row.run_points);
    row.centre = row.centre === null ? null : Number(row.centre);
    return row as unknown as SpcSuggestionRow;
  });
}

export function describeSuggestions(
  suggestions: readonly SpcSuggestionRow[],
  options: { breakdowns: readonly string[] | null },
): string[] {
  const open = suggestions.filter((s) => !s.accepted_by);
  const shown = open.filter((s) => options.breakdowns === null || options.breakdowns.includes(s.breakdown));
  const accepted = suggestions.length - open.length;
  const lines = [
    `SPC: ${open.length} proposed recalculation(s) not yet accepted${accepted ? ` (${accepted} accepted by the config)` : ""}; assurance icons are withheld on those series until the config names a rebase there or later, or says "keep": true`,
  ];
  for (const s of shown)
    lines.push(
      `  ${s.metric_id} ${s.breakdown === "alliance" ? "alliance" : `${s.breakdown} ${s.breakdown_value}`}: ${s.run_points} months ${s.side} the centre line, ${s.run_from} to ${s.run_to}; accept with ${s.config_line}`,
    );
  if (shown.length < open.length) lines.push(`  and ${open.length - shown.length} for other series (spc-suggest --all, or spc_suggestions.csv)`);
  return lines;
}
