// The packs page: downloads of the packs the build made for the latest quarter, and how to make them for any other.
import { html } from "htl";
import { quarterLabel } from "./data.js";

const megabytes = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The download links for a period, when the build made its packs (downloads/packs.json says which). */
export function packDownloads(manifest, period) {
  const printable = html`<a href=${`./board-pack?period=${encodeURIComponent(period)}`}>Open the printable board pack for ${quarterLabel(period, { short: true })}</a>`;
  if (!manifest)
    return html`<p class="note-box">This copy of the site was built without its packs (they are made by <code>alliance build</code> after the site, so a preview has none). ${printable}: your browser can print it or save it as PDF.</p>`;
  if (manifest.period !== period)
    return html`<p class="note-box">The packs built with the site are for ${quarterLabel(manifest.period)}. For ${quarterLabel(period, { short: true })}: ${printable} (print it or save it as PDF from the browser), or make both packs on the build machine with the commands below.</p>`;
  const board = manifest.board_pack;
  const evidence = manifest.evidence_pack;
  return html`<ul class="pack-downloads">
      <li><a href=${`./downloads/${board.file}`} download=${board.file} data-pack="board">Board pack, ${quarterLabel(period, { short: true })}</a> <span class="muted">(PDF, A4, ${board.pages} pages, ${megabytes(board.bytes)})</span></li>
      <li><a href=${`./downloads/${evidence.file}`} download=${evidence.file} data-pack="evidence">Evidence pack, ${quarterLabel(period, { short: true })}</a> <span class="muted">(ZIP, ${evidence.metrics} metrics, ${megabytes(evidence.bytes)})</span></li>
      <li>${printable}</li>
    </ul>
    <p class="muted">Made on ${manifest.produced} from the published (disclosure-controlled) outputs.</p>`;
}

/** The command lines that make both packs for a period on the build machine. */
export function packsCommands(period) {
  return html`<p>On the build machine (the one holding the published outputs), from the project folder:</p>
    <pre class="commands"><code>npm run --silent alliance -- board-pack --period ${period} --out board-pack-${period}.pdf
npm run --silent alliance -- evidence-pack --period ${period} --out evidence-pack-${period}
npm run --silent alliance -- evidence-pack --period ${period} --metrics POD-01,PPD-02 --out evidence-pack-${period}-pod</code></pre>
    <p>The evidence pack is written as a folder and as a ZIP of it beside the folder. Either command stops with a one-line reason, and writes nothing, when the period or a metric is not in the data.</p>`;
}
