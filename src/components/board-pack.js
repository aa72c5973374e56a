// The quarterly board pack: one printable document for a period, drawn from the site's own components (the
// scorecard, SPC and trend figures, KPI table, definitions) so the pack and the site never disagree. The
// board-pack command prints it to PDF through chromium; anyone can print it from the browser too.
import { html } from "htl";
import { attentionList, headlineList, mdcMatrix, scorecardRows, scorecardTable, spcPointFor } from "./board.js";
import { completenessSummary, datasetLabel, incompleteFigures, partnerCompleteness } from "./completeness.js";
import { disclosureTable } from "./data-quality.js";
import { contractMetrics, kpiTable } from "./contract.js";
import { FAMILIES, lastMonthOfQuarter, longDate, periodLabel, quarterLabel } from "./data.js";
import { definitionsByFamily, metricDefinition } from "./definitions.js";
import { serializeSvg, svgToPng } from "./downloads.js";
import { spcFigure, trendFigure } from "./family-page.js";
import { dataTable } from "./figure.js";
import { ASSESSMENT_LABELS, flagNodes, formatChange, formatChangeInterval, formatCount, formatInterval, formatValue, valueCell } from "./format.js";
import { assuranceIcon, variationIcon } from "./mdc.js";
import { dateBasis } from "./page.js";
import { beforeAfterStatement, hiddenWords } from "./statements.js";

/** A4 portrait, 15 mm margins: 180 mm of line, 680 CSS pixels. Charts are drawn at this width on screen too. */
export const PACK_CHART_WIDTH = 680;

/** The pack's numbered sections, in order: their titles are also the PDF's bookmarks. */
export function packSections(definitions) {
  const families = FAMILIES.filter((f) => definitions.metrics.some((m) => m.family === f.id));
  const sections = [
    { id: "pack-summary", kind: "summary", title: "Summary: what needs attention" },
    { id: "pack-matrix", kind: "matrix", title: "Making Data Count summary" },
    { id: "pack-scorecard", kind: "scorecard", title: "Scorecard" },
  ];
  for (const f of families) sections.push({ id: `pack-family-${f.id}`, kind: "family", family: f, title: f.title });
  sections.push({ id: "pack-contract", kind: "contract", title: "Contract KPIs" });
  sections.push({ id: "pack-completeness", kind: "completeness", title: "Data completeness" });
  return [...sections.map((s, i) => ({ ...s, title: `${i + 1}. ${s.title}` })), { id: "pack-definitions", kind: "definitions", title: "Appendix: Definitions" }];
}

const hidden = (meta, row) => html`<span class="suppressed-value" title=${hiddenWords(meta.disclosure, row)}>*</span>`;

/** The alliance rows of a metric for the period: the quarter and the rolling 12 months ending with it. */
function periodRows(site, id, period) {
  const rows = site.valuesByMetric.get(id) ?? [];
  return {
    quarter: rows.find((d) => d.period_type === "quarter" && d.period === period) ?? null,
    rolling12: rows.find((d) => d.period_type === "rolling12" && d.period === period) ?? null,
  };
}

function keyFigures(site, definition, period) {
  const meta = site.meta;
  const unit = definition.unit;
  const cellOptions = { disclosure: meta.disclosure, emptyReasons: meta.empty_reasons };
  const { quarter, rolling12 } = periodRows(site, definition.id, period);
  const rows = [
    { label: `Quarter ${quarterLabel(period)}`, periodType: "quarter", row: quarter },
    { label: `Rolling ${periodLabel(period, "rolling12")}`, periodType: "rolling12", row: rolling12 },
  ];
  const orHidden = (row, text) => (row?.suppressed ? hidden(meta, row) : text);
  return dataTable({
    title: `${definition.name}: alliance figures for ${quarterLabel(period, { short: true })}`,
    rows,
    columns: [
      { key: "label", label: "Period", rowHeader: true },
      { key: "value", label: "Value", num: true, cell: (d) => html`${valueCell(d.row, unit, cellOptions).node}${d.row?.provisional || d.row?.incomplete ? html`<br>${flagNodes(d.row)}` : ""}` },
      { key: "interval", label: "95% interval", num: true, cell: (d) => orHidden(d.row, d.row ? formatInterval(d.row, unit) : "") },
      { key: "numerator", label: "Numerator", num: true, cell: (d) => orHidden(d.row, formatCount(d.row?.numerator)) },
      { key: "denominator", label: "Denominator", num: true, cell: (d) => orHidden(d.row, formatCount(d.row?.denominator)) },
      { key: "baseline", label: "Baseline", num: true, cell: (d) => (d.row?.baseline_value != null ? formatValue(d.row.baseline_value, unit) : html`<span class="muted">none</span>`) },
      {
        key: "change",
        label: "Change from baseline",
        cell: (d) =>
          d.row?.suppressed
            ? hidden(meta, d.row)
            : d.row?.change != null
              ? html`${formatChange(d.row, definition)}${d.row.change_lower != null ? html`<br><span class="muted">95% CI ${formatChangeInterval(d.row, definition)}</span>` : ""}${
                  d.row.change_assessment ? html`<br><span class="muted">${ASSESSMENT_LABELS[d.row.change_assessment]}</span>` : ""
                }`
              : html`<span class="muted">not assessed</span>`,
      },
    ],
    csvColumns: [
      { label: "metric_id", csv: () => definition.id },
      { label: "period_type", csv: (d) => d.periodType },
      { label: "period", csv: () => period },
      { label: "value", csv: (d) => (d.row?.suppressed ? "*" : d.row?.value) },
      { label: "ci_lower", csv: (d) => (d.row?.suppressed ? "*" : d.row?.ci_lower) },
      { label: "ci_upper", csv: (d) => (d.row?.suppressed ? "*" : d.row?.ci_upper) },
      { label: "numerator", csv: (d) => (d.row?.suppressed ? "*" : d.row?.numerator) },
      { label: "denominator", csv: (d) => (d.row?.suppressed ? "*" : d.row?.denominator) },
      { label: "baseline_value", csv: (d) => d.row?.baseline_value },
      { label: "change", csv: (d) => (d.row?.suppressed ? "*" : d.row?.change) },
      { label: "change_assessment", csv: (d) => (d.row?.suppressed ? "*" : d.row?.change_assessment) },
      { label: "incomplete", csv: (d) => d.row?.incomplete ?? "" },
      { label: "missing_submissions", csv: (d) => d.row?.missing_submissions },
      { label: "provisional", csv: (d) => d.row?.provisional ?? "" },
    ],
    id: `figures-${definition.id}`,
  });
}

function metricBlock(site, definition, period, partnerName) {
  const meta = site.meta;
  const { quarter } = periodRows(site, definition.id, period);
  const statement = beforeAfterStatement(quarter, definition, { periodType: "quarter", baseline: meta.baseline, disclosure: meta.disclosure, emptyReasons: meta.empty_reasons, partnerName });
  const last = lastMonthOfQuarter(period);
  const series = (site.spcByMetric.get(definition.id) ?? []).filter((d) => d.month <= last);
  const point = spcPointFor(series, period);
  const spc = spcFigure({ definition, series, period, meta, width: PACK_CHART_WIDTH, height: 205, id: `spc-${definition.id}` });
  const trendRows = (site.valuesByMetric.get(definition.id) ?? []).filter((d) => d.period_type === "quarter" && d.period <= period).sort((a, b) => (a.period < b.period ? -1 : 1));
  const trend = trendFigure({ definition, rows: trendRows, periodType: "quarter", width: PACK_CHART_WIDTH, height: 165, id: `trend-${definition.id}` });
  return html`<section class="pack-metric" data-metric=${definition.id}>
    <h3>${definition.name} <span class="metric-id">${definition.id}</span></h3>
    <p class="pack-statement" data-statement=${statement.kind}>${statement.text}</p>
    ${keyFigures(site, definition, period)}
    <div class="pack-icons">${variationIcon(point?.variation)}${assuranceIcon(definition.target ? point?.assurance : null, { hasTarget: Boolean(definition.target), withheld: point?.withheld_reason })}</div>
    <div class="pack-charts">
      ${spc ?? html`<p class="note-box">No monthly values to chart: every month is hidden by disclosure control or empty.</p>`}
      ${trend.figure ?? html`<p class="note-box">${trend.description}</p>`}
    </div>
  </section>`;
}

function completenessSection(site, dq, period, partnerName) {
  const partners = partnerCompleteness(dq.submissions, site.meta.partners, period);
  const allianceRows = site.values.filter((d) => d.period === period);
  const figures = incompleteFigures(allianceRows, site.definitions.metrics);
  const statusWords = { on_time: "All on time", late: "Late", missing: "Missing", not_expected: "None expected" };
  return html`<div><p>${completenessSummary(figures, partners, { partnerName, total: site.definitions.metrics.length })}</p>
    <h3>Each partner's submissions for ${quarterLabel(period)}</h3>
    <ul class="pack-partners">${partners.map((p) => html`<li data-partner=${p.code} data-status=${p.status}>${p.sentence}</li>`)}</ul>
    ${dataTable({
      title: `Submissions expected for ${quarterLabel(period, { short: true })}, by partner`,
      rows: partners,
      columns: [
        { key: "name", label: "Partner", rowHeader: true },
        { key: "status", label: "Status", cell: (p) => html`<span class=${`status status-${p.status}`}>${statusWords[p.status]}</span>` },
        { key: "expected", label: "Files expected", num: true },
        { key: "onTime", label: "On time", num: true, cell: (p) => formatCount(p.onTime.length) },
        { key: "late", label: "Late (loaded)", cell: (p) => (p.late.length ? p.late.map((l) => `${datasetLabel(l.dataset)}${l.days != null ? ` (${l.days} days)` : ""}`).join(", ") : html`<span class="muted">none</span>`) },
        { key: "missing", label: "Missing", cell: (p) => (p.missing.length ? p.missing.map(datasetLabel).join(", ") : html`<span class="muted">none</span>`) },
      ],
      csvColumns: [
        { label: "partner", csv: (p) => p.code },
        { label: "partner_name", csv: (p) => p.name },
        { label: "status", csv: (p) => p.status },
        { label: "expected", csv: (p) => p.expected },
        { label: "on_time", csv: (p) => p.onTime.join("; ") },
        { label: "late", csv: (p) => p.late.map((l) => l.dataset).join("; ") },
        { label: "missing", csv: (p) => p.missing.join("; ") },
      ],
      id: "pack-partners",
      note: `Submissions are due ${site.meta.due_days} days after the quarter ends. A late file is loaded and included once it arrives; a missing one leaves every figure that needs it (this quarter, later quarters whose look-back reaches it, and rolling 12 months containing it) marked Incomplete.`,
    })}
    <h3>Figures marked Incomplete in this pack</h3>
    ${
      figures.length
        ? dataTable({
            title: `Incomplete figures for ${quarterLabel(period, { short: true })} and why`,
            rows: figures,
            columns: [
              { key: "name", label: "Metric", rowHeader: true, cell: (f) => html`${f.name} <span class="metric-id">${f.id}</span>` },
              { key: "periodTypes", label: "Figures", cell: (f) => f.periodTypes.map((t) => (t === "quarter" ? "quarter" : "rolling 12 months")).join(", ") },
              { key: "missing", label: "Missing submissions behind them", cell: (f) => f.missing.map((m) => `${partnerName(m.partner)} (${(m.period ?? "").replace(/-Q/, " Q")})`).join("; ") },
            ],
            csvColumns: [
              { label: "metric_id", csv: (f) => f.id },
              { label: "figures", csv: (f) => f.periodTypes.join("; ") },
              { label: "missing_submissions", csv: (f) => f.missing.map((m) => `${m.partner}:${m.period}`).join("; ") },
            ],
            id: "pack-incomplete",
          })
        : html`<p>None: every figure in this pack rests on complete partner submissions.</p>`
    }
    <h3>Figures hidden by disclosure control</h3>
    ${dq.disclosure.length ? disclosureTable(dq, { definitionName: (id) => site.definitions.metrics.find((m) => m.id === id)?.name ?? id, disclosure: site.meta.disclosure }) : html`<p>None: no published figure is hidden.</p>`}</div>`;
}

function contractSection(site, period) {
  if (!contractMetrics(site).length) return html`<p>No metric carries a contract target.</p>`;
  return html`<div>${kpiTable(site, { period, periodType: "quarter" })}${kpiTable(site, { period, periodType: "rolling12" })}</div>`;
}

/** A short line for the cover: how many of the period's figures are hidden or empty. */
function hiddenSummary(site, period) {
  const rows = site.values.filter((d) => d.period === period && d.period_type === "quarter");
  const suppressed = rows.filter((d) => d.suppressed).length;
  const secondary = rows.filter((d) => d.suppressed && d.empty_reason === "suppressed_secondary").length;
  const empty = rows.filter((d) => !d.suppressed && d.value == null).length;
  const [lo, hi] = site.meta.disclosure?.suppress ?? [1, 7];
  const why = secondary
    ? `${suppressed - secondary} resting on ${lo} to ${hi} people, ${secondary} hidden to protect a small number elsewhere`
    : `${lo} to ${hi} people`;
  return `${suppressed ? `${suppressed} of the ${rows.length} quarterly figures ${suppressed === 1 ? "is" : "are"} hidden by disclosure control and shown as * (${why}).` : `No quarterly figure is hidden by disclosure control (* would mark one resting on ${lo} to ${hi} people).`}${empty ? ` ${empty} ${empty === 1 ? "has" : "have"} no value, with the reason given.` : ""}`;
}

/**
 * The whole pack for a quarter: cover and contents, summary, one section per family, contract KPIs, data
 * completeness, and the definitions. site: loadSite(); dq: decodeDataQuality(...).
 */
export function boardPack(site, dq, { period, produced = new Date() }) {
  const meta = site.meta;
  const sections = packSections(site.definitions);
  const partnerName = (code) => meta.partners.find((p) => p.code === code)?.name ?? code;
  const rows = scorecardRows(site, period, "quarter");
  const figures = incompleteFigures(site.values.filter((d) => d.period === period), site.definitions.metrics);
  const partners = partnerCompleteness(dq.submissions, meta.partners, period);
  const body = (section) => {
    switch (section.kind) {
      case "summary":
        return html`<div>${attentionList(site, rows, { period, periodType: "quarter", base: "./" })}<h3>Headlines</h3>${headlineList(rows, site.definitions.metrics)}</div>`;
      case "matrix":
        return mdcMatrix(rows, { period, base: "./" });
      case "scorecard":
        return scorecardTable(site, rows, { period, periodType: "quarter", base: "./", id: "board" });
      case "family":
        return site.definitions.metrics.filter((m) => m.family === section.family.id).map((m) => metricBlock(site, m, period, partnerName));
      case "contract":
        return contractSection(site, period);
      case "completeness":
        return completenessSection(site, dq, period, partnerName);
      case "definitions":
        return definitionsByFamily(site.definitions).map((g) => html`<div class="pack-definitions-family"><h3>${g.family.title}</h3>${g.metrics.map((m) => metricDefinition(m, { headingLevel: 4 }))}</div>`);
    }
  };
  return html`<div class="board-pack" data-period=${period}>
    <section class="pack-cover">
      <p class="pack-kicker">Quarterly board paper</p>
      <h1>Palliative and end-of-life care outcomes: ${quarterLabel(period)}</h1>
      <p class="pack-alliance">${meta.alliance}</p>
      <dl class="pack-facts">
        <div><dt>Period</dt><dd>${quarterLabel(period)}; rolling 12 months ${periodLabel(period, "rolling12").replace(/^12 months /, "")}</dd></div>
        <div><dt>Data as of</dt><dd>${longDate(meta.data_to_date)}${meta.latest_submission ? `, from partner submissions received up to ${longDate(meta.latest_submission)}` : ""}</dd></div>
        <div><dt>Baseline</dt><dd>${longDate(meta.baseline.from)} to ${longDate(meta.baseline.to)}</dd></div>
        <div><dt>Produced</dt><dd>${longDate(produced)}</dd></div>
      </dl>
      ${dateBasis(meta)}
      <div class=${figures.length || partners.some((p) => p.status === "missing") ? "warning-box" : "note-box"} data-pack-completeness>
        <p><strong>Completeness.</strong> ${completenessSummary(figures, partners, { partnerName, total: site.definitions.metrics.length })}</p>
        <p><strong>Disclosure control.</strong> ${hiddenSummary(site, period)}</p>
      </div>
      <nav class="pack-contents" aria-labelledby="pack-contents-title">
        <h2 id="pack-contents-title">Contents</h2>
        <ol>${sections.map((s) => html`<li><a href=${`#${s.id}`}>${s.title}</a><span class="pack-page" data-toc-page=${s.id}></span></li>`)}</ol>
      </nav>
    </section>
    ${sections.map((s) => html`<section class=${`pack-section pack-${s.kind}`} id=${s.id}><h2>${s.title}</h2>${body(s)}</section>`)}
  </div>`;
}

/**
 * What the board-pack and evidence-pack commands call in the page (through playwright): the period shown, the
 * charts' ids, and each chart as the same SVG and PNG files the site's download buttons save.
 */
export function packHooks(root, period) {
  const svgOf = (id) => {
    const node = root.querySelector(`figure[data-chart="${CSS.escape(id)}"]`);
    if (!node?.querySelector("svg[role=img]")) throw new Error(`no chart ${id} in the board pack`);
    return node;
  };
  return {
    period,
    chartIds: () => [...root.querySelectorAll("figure[data-chart]")].map((f) => f.getAttribute("data-chart")),
    svg: (id) => serializeSvg(svgOf(id)),
    png: async (id) => {
      const blob = await svgToPng(svgOf(id));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = "";
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    },
  };
}
