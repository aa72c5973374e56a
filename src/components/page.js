// Page furniture shared by every page: the date basis and data as-of statement.
import { html } from "htl";
import { longDate, quarterLabel } from "./data.js";

/** Every page states its date basis: date of death, not of registration. */
export function dateBasis(meta, extra = null) {
  return html`<div class="basis" role="note" aria-label="Date basis">
    <p><strong>Date basis:</strong> deaths are counted by <strong>date of death, not date of registration</strong> (ONS and OHID publish by registration, so figures will not match Fingertips exactly); other activity by the date it happened. Quarters are NHS financial-year quarters (Q1 is April to June).</p>
    <p><strong>Data as of ${longDate(meta.data_to_date)}</strong>: the latest quarter is ${quarterLabel(meta.data_to_period)}${meta.latest_submission ? html`, from partner submissions received up to ${longDate(meta.latest_submission)}` : ""}. Baseline: ${longDate(meta.baseline.from)} to ${longDate(meta.baseline.to)}.</p>
    ${extra}
  </div>`;
}

export function suppressionNote(meta) {
  const [lo, hi] = meta.disclosure?.suppress ?? [1, 7];
  return html`<strong>*</strong> = hidden by disclosure control (the figure rests on ${lo} to ${hi} people). A blank value gives its reason instead of a number.`;
}

/**
 * The page's choices live in its address (?period=2026-27-Q2&metric=POD-01), so a link that is shared or
 * bookmarked opens the same view. `fromUrl` reads one, keeping it only when it is one of the allowed values.
 */
export function fromUrl(name, allowed, fallback) {
  const value = new URLSearchParams(location.search).get(name);
  return value != null && allowed.includes(value) ? value : fallback;
}

/** Writes a choice into the address without reloading or adding a history entry. */
export function keepInUrl(name, value) {
  const url = new URL(location.href);
  if (value == null || value === "") url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  if (url.href !== location.href) history.replaceState(history.state, "", url);
}
