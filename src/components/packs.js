// The packs page: downloads of the packs the build made for the latest quarter, and how to make them for any other.
import { html } from "htl";
import { pageHref, quarterLabel } from "./data.js";

const megabytes = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The download links for a period, when the build made its packs (downloads/packs.json says which). */
export function packDownloads(manifest, period) {
  const printable = html`<a href=${pageHref("board-pack", "./", { query: { period } })}>Open the printable board pack for ${quarterLabel(period, { short: true })}</a>`;
  if (!manifest)
    return html`<p class="note-box">This copy of the site was built without its packs (they are made by <code>alliance build</code> after the site, so a preview has none). ${printable}: your browser can print it or save it as PDF.</p>`;
  if (manifest.period !== period)
    return html`<p class="note-box">The packs built with the site are for ${quarterLabel(manifest.period)}. For ${quarterLabel(period, { short: true })}: ${printable}, then print it or save it as PDF from the browser.</p>`;
  const board = manifest.board_pack;
  const evidence = manifest.evidence_pack;
  return html`<ul class="pack-downloads">
      <li><a href=${`./downloads/${board.file}`} download=${board.file} data-pack="board">Board pack, ${quarterLabel(period, { short: true })}</a> <span class="muted">(PDF, A4, ${board.pages} pages, ${megabytes(board.bytes)})</span></li>
      <li><a href=${`./downloads/${evidence.file}`} download=${evidence.file} data-pack="evidence">Evidence pack, ${quarterLabel(period, { short: true })}</a> <span class="muted">(ZIP, ${evidence.metrics} metrics, ${megabytes(evidence.bytes)})</span></li>
      <li>${printable}</li>
    </ul>
    <p class="muted">Made on ${manifest.produced} from the published (disclosure-controlled) outputs.</p>`;
}

/**
 * A printable board pack for every quarter, newest first and grouped by financial year: each opens the
 * board-pack page for that quarter, which the browser prints or saves as PDF (no build machine needed).
 */
export function boardPackLinks(quarters) {
  const years = new Map();
  for (const q of quarters) {
    const year = q.slice(0, 7);
    if (!years.has(year)) years.set(year, []);
    years.get(year).push(q);
  }
  return html`<p>Any quarter's board pack opens in the browser as a printable page: choose it below, then print it or save it as PDF (Ctrl+P, or ⌘P on a Mac; A4, margins as set). It holds the same sections as the PDF above.</p>
    <ul class="quarter-links" aria-label="Printable board pack by quarter">${[...years].map(
      ([year, qs]) => html`<li><span class="quarter-year">${year.replace("-", " to 20")}</span> ${qs.map(
        (q) => html`<a href=${pageHref("board-pack", "./", { query: { period: q } })} data-pack-period=${q}>${q.slice(-2)}<span class="visually-hidden"> ${year}</span></a> `,
      )}</li>`,
    )}</ul>`;
}

/** The command lines that make both packs for a period on the build machine. */
export function packsCommands(period) {
  return html`<p>The PDF board pack and the evidence pack (ZIP) for another quarter are made on the build machine (the one holding the published outputs), from the project folder:</p>
    <pre class="commands"><code>npm run --silent alliance -- board-pack --period ${period} --out board-pack-${period}.pdf
npm run --silent alliance -- evidence-pack --period ${period} --out evidence-pack-${period}
npm run --silent alliance -- evidence-pack --period ${period} --metrics POD-01,PPD-02 --out evidence-pack-${period}-pod</code></pre>
    <p>The evidence pack is written as a folder and as a ZIP of it beside the folder. Either command stops with a one-line reason, and writes nothing, when the period or a metric is not in the data.</p>`;
}
