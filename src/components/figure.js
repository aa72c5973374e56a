// The frame around every chart and table: a title, the key, a text alternative, and downloads.
import { html } from "htl";
import { chartButtons, csvButton } from "./downloads.js";

let counter = 0;

/**
 * Plot labels each mark's <g> with aria-label ("dot", "line"), which ARIA does not allow on an element without a
 * role; inside a chart named as a whole (role img) they add nothing, so they go.
 */
export function cleanPlotAria(svgNode) {
  for (const node of svgNode.querySelectorAll("[aria-label], [aria-description]")) {
    node.removeAttribute("aria-label");
    node.removeAttribute("aria-description");
  }
  return svgNode;
}
const nextId = (prefix) => `${prefix}-${++counter}`;

/**
 * A chart in a <figure>: the title as a heading-like caption, an optional key, the chart (an SVG with role img,
 * named by the title and described by the caption text), the description, and SVG/PNG downloads.
 */
export function chartFigure({ title, subtitle = null, description, chart, legend = null, note = null, id = null }) {
  const captionId = nextId("chart-desc");
  const titleId = nextId("chart-title");
  const svgNode = chart instanceof SVGSVGElement ? chart : chart?.querySelector?.("svg");
  if (svgNode) {
    cleanPlotAria(svgNode);
    svgNode.setAttribute("role", "img");
    svgNode.setAttribute("aria-labelledby", titleId);
    svgNode.setAttribute("aria-describedby", captionId);
    svgNode.removeAttribute("aria-description");
    svgNode.removeAttribute("aria-label");
  }
  const figure = html`<figure class="chart" data-chart=${id ?? ""} data-subtitle=${subtitle ?? ""}>
    <div class="chart-title" id=${titleId}>${title}</div>
    ${legend}
    ${chart}
    <figcaption id=${captionId}>${description}${note ? html` ${note}` : ""}</figcaption>
    ${chartButtons(title, () => figure)}
  </figure>`;
  return figure;
}

/**
 * An accessible data table with a caption and a CSV download of the same rows.
 * columns: [{ key, label, cell?: (row) => Node|string, csv?: (row) => value, num?: true, rowHeader?: true }]
 * groups (optional): [{ label, rows }] renders a header row per group (e.g. the board's metric families).
 */
export function dataTable({ title, rows = null, groups = null, columns, csvColumns = null, note = null, id = null, rowAttributes = null }) {
  const allRows = groups ? groups.flatMap((g) => g.rows) : rows;
  const cell = (c, row) => {
    const content = c.cell ? c.cell(row) : row[c.key] ?? "";
    return c.rowHeader
      ? html`<th scope="row" class=${c.num ? "num" : ""} data-column=${c.key ?? ""}>${content}</th>`
      : html`<td class=${c.num ? "num" : ""} data-column=${c.key ?? ""}>${content}</td>`;
  };
  const tr = (row) => {
    const node = html`<tr>${columns.map((c) => cell(c, row))}</tr>`;
    if (rowAttributes) for (const [k, v] of Object.entries(rowAttributes(row))) node.setAttribute(k, v);
    return node;
  };
  const body = groups
    ? groups.map((g) => html`<tbody><tr class="group"><th colspan=${columns.length} scope="colgroup">${g.label}</th></tr>${g.rows.map(tr)}</tbody>`)
    : html`<tbody>${rows.map(tr)}</tbody>`;
  const table = html`<table class="data" data-table=${id ?? ""}>
    <caption>${title}</caption>
    <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? "num" : ""} data-column=${c.key ?? ""}>${c.label}</th>`)}</tr></thead>
    ${body}
  </table>`;
  const scroll = scrollBox(table, title);
  const exportColumns = csvColumns ?? columns.map((c) => ({ key: c.key, label: c.csvLabel ?? (typeof c.label === "string" ? c.label : c.key), csv: c.csv }));
  return html`<div class="table-block" data-table-block=${id ?? ""}>
    ${scroll.cue}
    ${scroll.box}
    ${note ? html`<p class="muted">${note}</p>` : ""}
    <div class="downloads no-print">${csvButton(title, () => allRows, exportColumns)}</div>
  </div>`;
}

/**
 * A table's horizontal scroll box: the row names stay put (a sticky first column, in style.css) and, while the
 * table is wider than the box, a visible cue says more columns lie to the right. The box is a focusable region so
 * keyboard users can scroll it.
 */
export function scrollBox(table, title) {
  const box = html`<div class="table-scroll" tabindex="0" role="region" aria-label=${`${title} (table; scroll sideways when it is wider than the page)`}>${table}</div>`;
  const cue = html`<p class="scroll-cue" hidden><span aria-hidden="true">⟷ </span>Scroll the table sideways for more columns; the first column stays in place.</p>`;
  const update = () => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    cue.hidden = !scrolls;
    box.classList.toggle("scrolls", scrolls);
    box.classList.toggle("scrolled-to-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  };
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(update).observe(box);
  box.addEventListener("scroll", update, { passive: true });
  return { box, cue };
}

let groupCounter = 0;

/**
 * Inputs.radio draws its group label as a <label> tied to nothing; name the group by it instead (a radiogroup
 * labelled by that text), so screen readers announce "Period type, radio group".
 */
export function labelledRadios(input) {
  const label = input.querySelector(":scope > label");
  const group = input.querySelector(":scope > div");
  if (label && group) {
    const id = `radio-group-${++groupCounter}`;
    const text = document.createElement("span");
    text.id = id;
    text.className = "radio-legend";
    text.textContent = label.textContent;
    label.replaceWith(text);
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-labelledby", id);
  }
  return input;
}
