// Making Data Count conventions: one colour specification for SPC points and for the variation and assurance
// icons (grey common cause, blue improvement, orange concern, purple neither), and RAG badges. The colours are
// NHS identity colours; every icon and badge carries its meaning in words too, and a shape, so colour is never
// the only signal.
import { svg, html } from "htl";

export const NHS = {
  blue: "#005EB8",
  darkBlue: "#003087",
  brightBlue: "#0072CE",
  lightBlue: "#41B6E6",
  text: "#212B32",
  secondaryText: "#4C6272",
  darkGrey: "#425563",
  midGrey: "#768692",
  paleGrey: "#E8EDEE",
  green: "#007F3B",
  warmYellow: "#FFB81C",
  orange: "#ED8B00",
  red: "#DA291C",
  darkRed: "#8A1538",
  purple: "#330072",
  pink: "#AE2573",
};

/** The single colour spec: SPC points and icons both use it. */
export const MDC_COLOURS = {
  common: NHS.midGrey,
  improvement: NHS.blue,
  concern: NHS.orange,
  neither: NHS.purple,
};

/** The outline drawn round each point and icon, so light fills keep a 3:1 edge against white. */
export const MDC_OUTLINES = {
  common: NHS.darkGrey,
  improvement: NHS.darkBlue,
  concern: "#7A4700",
  neither: NHS.purple,
};

/** Plot symbol per category: shape as well as colour. */
export const MDC_SYMBOLS = {
  common: "circle",
  improvement: "square",
  concern: "triangle",
  neither: "diamond",
};

export const MDC_LABELS = {
  common: "Common cause variation",
  improvement: "Special cause: improvement",
  concern: "Special cause: concern",
  neither: "Special cause: neither improvement nor concern",
};

/** improvement_high -> "improvement"; common_cause -> "common"; missing -> null */
export function variationCategory(variation) {
  if (!variation) return null;
  if (variation === "common_cause") return "common";
  return variation.split("_")[0];
}

export function variationText(variation) {
  const category = variationCategory(variation);
  if (!category) return "No SPC assessment";
  if (category === "common") return "Common cause: no significant change";
  const side = variation.endsWith("_high") ? "high" : "low";
  const words = {
    improvement: `Special cause improvement (${side === "high" ? "higher" : "lower"} values)`,
    concern: `Special cause concern (${side === "high" ? "higher" : "lower"} values)`,
    neither: `Special cause, ${side === "high" ? "higher" : "lower"} values (neither improvement nor concern)`,
  };
  return words[category];
}

export const ASSURANCE = {
  pass: { label: "Consistently passing the target", letter: "P", category: "improvement" },
  fail: { label: "Consistently failing the target", letter: "F", category: "concern" },
  hit_and_miss: { label: "Hit and miss: the target falls within the limits", letter: "?", category: "common" },
};

function iconFrame(category, inner, title) {
  const fill = MDC_COLOURS[category] ?? "#ffffff";
  const stroke = MDC_OUTLINES[category] ?? NHS.midGrey;
  return svg`<svg width="36" height="36" viewBox="0 0 30 30" aria-hidden="true" focusable="false" class="mdc-icon" data-category=${category ?? "none"}>
    <title>${title}</title>
    <circle cx="15" cy="15" r="13.5" fill="#ffffff" stroke=${stroke} stroke-width="2"></circle>
    <circle cx="15" cy="15" r="10.5" fill=${fill} fill-opacity="0.18" stroke=${fill} stroke-width="2"></circle>
    ${inner}
  </svg>`;
}

/** x of the icon's five dots: all inside the inner ring (radius 10.5), none touching it */
const ICON_XS = [8.5, 11.75, 15, 18.25, 21.5];

/** The variation icon (a run of points, high or low, in the category colour) with its meaning in words. */
export function variationIcon(variation, { compact = false } = {}) {
  const category = variationCategory(variation);
  const text = variationText(variation);
  const colour = MDC_COLOURS[category] ?? NHS.midGrey;
  let inner;
  if (!category) {
    inner = svg`<text x="15" y="19.5" text-anchor="middle" font-size="12" font-family="Arial, sans-serif" fill="${NHS.text}">–</text>`;
  } else if (category === "common") {
    // a flat run of points
    inner = svg`<polyline points=${ICON_XS.map((x, i) => `${x},${[16, 13.5, 16.5, 13.5, 15.5][i]}`).join(" ")} fill="none" stroke=${NHS.darkGrey} stroke-width="1"></polyline>
      ${ICON_XS.map((x, i) => svg`<circle cx=${x} cy=${[16, 13.5, 16.5, 13.5, 15.5][i]} r="1.8" fill=${colour} stroke=${NHS.text} stroke-width="0.6"></circle>`)}`;
  } else {
    const high = variation.endsWith("_high");
    const letter = high ? "H" : "L";
    const ys = high ? [20.5, 20, 18.5, 16.5, 14.5] : [14.5, 16, 17.5, 19, 20.5];
    inner = svg`<polyline points=${ICON_XS.map((x, i) => `${x},${ys[i]}`).join(" ")} fill="none" stroke=${NHS.darkGrey} stroke-width="1"></polyline>
      ${ICON_XS.map((x, i) => svg`<circle cx=${x} cy=${ys[i]} r="1.8" fill=${i >= 2 ? colour : NHS.midGrey} stroke=${NHS.text} stroke-width="0.6"></circle>`)}
      <text x="15" y="12" text-anchor="middle" font-size="9" font-weight="700" font-family="Arial, sans-serif" fill="${NHS.text}">${letter}</text>`;
  }
  return html`<span class="mdc mdc-variation" data-variation=${variation ?? ""}>${iconFrame(category, inner, text)}${compact ? html`<span class="visually-hidden">${text}</span>` : html`<span class="mdc-text">${text}</span>`}</span>`;
}

/** The assurance icon: can the process be relied on to meet the target? */
export function assuranceIcon(assurance, { compact = false, hasTarget = false, withheld = null } = {}) {
  const a = ASSURANCE[assurance];
  // with a target but no icon, say why: a missing icon must not read as "no target"
  const text = a
    ? a.label
    : !hasTarget
      ? "No target: no assurance assessment"
      : withheld === "limits_out_of_date"
        ? "Assurance withheld: the limits are out of date"
        : withheld === "too_few_cases"
          ? "No assurance: too few points or cases for SPC"
          : "No assurance: the process limits are hidden or not available";
  const inner = svg`<text x="15" y="19.5" text-anchor="middle" font-size="12" font-weight="700" font-family="Arial, sans-serif" fill="${NHS.text}">${a ? a.letter : "–"}</text>`;
  return html`<span class="mdc mdc-assurance" data-assurance=${assurance ?? ""}>${iconFrame(a?.category ?? null, inner, text)}${compact ? html`<span class="visually-hidden">${text}</span>` : html`<span class="mdc-text">${text}</span>`}</span>`;
}

export const RAG = {
  green: { label: "Green", words: "meets the target", colour: NHS.green, shape: "circle" },
  amber: { label: "Amber", words: "misses the target by no more than the tolerance", colour: "#B27A00", shape: "triangle" },
  red: { label: "Red", words: "misses the target by more than the tolerance", colour: NHS.red, shape: "square" },
  grey: { label: "Grey", words: "not assessed: value suppressed, empty or a context metric", colour: NHS.midGrey, shape: "dash" },
};

function ragShape(shape, colour) {
  switch (shape) {
    case "circle":
      return svg`<circle cx="6" cy="6" r="5" fill=${colour}></circle>`;
    case "triangle":
      return svg`<path d="M6 1 L11 11 L1 11 Z" fill=${colour}></path>`;
    case "square":
      return svg`<rect x="1.5" y="1.5" width="9" height="9" fill=${colour}></rect>`;
    default:
      return svg`<rect x="1" y="5" width="10" height="2.5" fill=${colour}></rect>`;
  }
}

/** A RAG badge: shape + colour + the word, with the meaning for screen readers and as a tooltip. */
export function ragBadge(rag, { compact = false } = {}) {
  // plain text, not a badge: "No target" is not a status and must not look like a button
  if (!rag) return html`<span class="muted no-target">No target</span>`;
  const r = RAG[rag] ?? RAG.grey;
  return html`<span class="rag rag-${rag}" title=${`${r.label}: ${r.words}`} data-rag=${rag}><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">${ragShape(r.shape, r.colour)}</svg>${r.label}${compact ? "" : ""}<span class="visually-hidden">: ${r.words}</span></span>`;
}

export function ragText(rag) {
  if (!rag) return "No target";
  const r = RAG[rag] ?? RAG.grey;
  return `${r.label}: ${r.words}`;
}

/** A legend item for the SPC point categories (same symbol and colour as the chart). */
export function mdcLegend(categories = ["common", "improvement", "concern", "neither"], { spcLines = false, target = false, provisional = false, limitPeriod = false } = {}) {
  const symbol = (category) => {
    const fill = MDC_COLOURS[category];
    const stroke = MDC_OUTLINES[category];
    switch (MDC_SYMBOLS[category]) {
      case "square":
        return svg`<rect x="2.5" y="2.5" width="9" height="9" fill=${fill} stroke=${stroke}></rect>`;
      case "triangle":
        return svg`<path d="M7 1.5 L12.5 12 L1.5 12 Z" fill=${fill} stroke=${stroke}></path>`;
      case "diamond":
        return svg`<path d="M7 1 L13 7 L7 13 L1 7 Z" fill=${fill} stroke=${stroke}></path>`;
      default:
        return svg`<circle cx="7" cy="7" r="5" fill=${fill} stroke=${stroke}></circle>`;
    }
  };
  const line = (stroke, dash, width = 1.5) => svg`<line x1="0" x2="26" y1="7" y2="7" stroke=${stroke} stroke-width=${width} stroke-dasharray=${dash ?? "none"}></line>`;
  const extras = [
    provisional ? { icon: svg`<circle cx="7" cy="7" r="4.5" fill="#ffffff" stroke=${NHS.darkGrey} stroke-width="1.6"></circle>`, width: 14, label: "Open point: provisional month (late records may still change it)" } : null,
    spcLines ? { icon: line(NHS.text, null), width: 26, label: "Mean" } : null,
    spcLines ? { icon: line(NHS.darkGrey, "6,4", 1.25), width: 26, label: "Process limits" } : null,
    target ? { icon: line(NHS.darkRed, "10,4"), width: 26, label: "Target" } : null,
    limitPeriod ? { icon: svg`<rect x="1" y="1" width="24" height="12" fill=${NHS.paleGrey}></rect>`, width: 26, label: "Shaded: months the limits were computed from" } : null,
  ].filter(Boolean);
  return html`<ul class="legend" aria-label="Key to the chart">${categories.map(
    (c) => html`<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">${symbol(c)}</svg>${MDC_LABELS[c]}</li>`,
  )}${extras.map((e) => html`<li><svg width=${e.width} height="14" viewBox=${`0 0 ${e.width} 14`} aria-hidden="true" focusable="false">${e.icon}</svg>${e.label}</li>`)}</ul>`;
}
