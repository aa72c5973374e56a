// Download buttons: tables as CSV (escaped for Excel, see csv.js), charts as SVG and PNG.
import { html } from "htl";
import { fileName, toCsv } from "./csv.js";

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A button that downloads `rows` as CSV; `getRows` is called on click so filters are honoured. */
export function csvButton(title, getRows, columns) {
  const name = fileName(title, "csv");
  const button = html`<button type="button" class="download" data-download="csv" data-filename=${name}>Download CSV<span class="visually-hidden"> of ${title}</span></button>`;
  button.onclick = () => save(new Blob([toCsv(getRows(), columns)], { type: "text/csv;charset=utf-8" }), name);
  return button;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Who published the charts and when: set once by the site's data loader (site.js), written into every
 * downloaded chart so a chart pasted into a submission still says where it came from.
 */
export const chartSource = { alliance: null, asOf: null };

function svgElement(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) if (v != null) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

/** Splits text into lines of at most `perLine` characters, between words. */
export function wrapWords(text, perLine) {
  const lines = [];
  let line = "";
  for (const word of String(text ?? "").split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A chart as a file that stands alone: the figure's title, its subtitle (period and unit), the chart, its key,
 * and a source and as-of line, in one SVG named by its own <title> and <desc> (aria-labelledby pointing at
 * ids inside the file). `figure` is a chart figure (figure.js chartFigure) or a bare svg.
 */
export function standaloneSvg(figure) {
  const chart = figure instanceof SVGSVGElement ? figure : figure.querySelector("svg[role=img]");
  const title = figure instanceof SVGSVGElement ? "" : (figure.querySelector(".chart-title")?.textContent ?? "").trim();
  const subtitle = figure instanceof SVGSVGElement ? "" : (figure.getAttribute("data-subtitle") ?? "").trim();
  const description = figure instanceof SVGSVGElement ? "" : (figure.querySelector("figcaption")?.textContent ?? "").trim();
  const legend = figure instanceof SVGSVGElement ? [] : [...figure.querySelectorAll("ul.legend li")];
  const width = Number(chart.getAttribute("width")) || chart.getBoundingClientRect().width;
  const height = Number(chart.getAttribute("height")) || chart.getBoundingClientRect().height;
  const perLine = Math.max(30, Math.floor(width / 8.5));
  const root = svgElement("svg", { xmlns: SVG_NS, "xmlns:xlink": "http://www.w3.org/1999/xlink", role: "img", "aria-labelledby": "chart-title chart-desc", "font-family": "Arial, Helvetica, sans-serif" });
  root.append(svgElement("title", { id: "chart-title" }, [title, subtitle].filter(Boolean).join(". ")), svgElement("desc", { id: "chart-desc" }, description));
  const background = svgElement("rect", { width: "100%", height: "100%", fill: "#ffffff" });
  root.append(background);
  let y = 8;
  const line = (text, size, weight = 400, fill = "#212B32") => {
    y += size * 1.3;
    root.append(svgElement("text", { x: 8, y, "font-size": size, "font-weight": weight, fill }, text));
  };
  for (const l of wrapWords(title, Math.floor(perLine * 0.8))) line(l, 15, 700);
  for (const l of wrapWords(subtitle, perLine)) line(l, 12, 400, "#4C6272");
  y += 8;
  const clone = chart.cloneNode(true);
  for (const attribute of ["role", "aria-labelledby", "aria-describedby", "aria-label", "class", "style"]) clone.removeAttribute(attribute);
  clone.setAttribute("x", "0");
  clone.setAttribute("y", String(y));
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("overflow", "visible");
  root.append(clone);
  y += height + 6;
  // the key: each item's symbol (the legend's own small svg) and its words, flowing across the width
  let x = 8;
  const rowHeight = 18;
  if (legend.length) y += 4;
  for (const item of legend) {
    const words = item.textContent.trim();
    const icon = item.querySelector("svg");
    const iconWidth = icon ? Number(icon.getAttribute("width")) || 14 : 0;
    const itemWidth = iconWidth + 6 + words.length * 6.3 + 16;
    if (x > 8 && x + itemWidth > width) {
      x = 8;
      y += rowHeight;
    }
    if (icon) {
      const symbol = icon.cloneNode(true);
      symbol.removeAttribute("aria-hidden");
      symbol.removeAttribute("focusable");
      symbol.setAttribute("x", String(x));
      symbol.setAttribute("y", String(y - 11));
      root.append(symbol);
    }
    root.append(svgElement("text", { x: x + iconWidth + 4, y, "font-size": 11, fill: "#212B32" }, words));
    x += itemWidth;
  }
  if (legend.length) y += 8;
  const source = `Source: ${chartSource.alliance ?? "the alliance"}, partner exports; disclosure-controlled published outputs (Alliance Outcomes). Counts of 1 to 7 people are hidden.`;
  const asOf = chartSource.asOf ? `Data as of ${chartSource.asOf}; deaths by date of death, not registration.` : "";
  for (const l of [...wrapWords(source, perLine + 10), ...wrapWords(asOf, perLine + 10)]) line(l, 10, 400, "#4C6272");
  y += 8;
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(Math.ceil(y)));
  root.setAttribute("viewBox", `0 0 ${width} ${Math.ceil(y)}`);
  return root;
}

/** The standalone chart (standaloneSvg) as the text of an .svg file. */
export function serializeSvg(figure) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(standaloneSvg(figure))}`;
}

/** The chart as a PNG (twice its size), as the site's PNG button and the evidence packs save it. */
export async function svgToPng(figure, scale = 2) {
  const node = standaloneSvg(figure);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(node)}`;
  const width = Number(node.getAttribute("width"));
  const height = Number(node.getAttribute("height"));
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = new Image();
    image.width = width;
    image.height = height;
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error("the chart could not be drawn as an image"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** SVG and PNG buttons for a chart; `getSvg` returns the chart's current figure (or svg element). */
export function chartButtons(title, getSvg) {
  const svgName = fileName(title, "svg");
  const pngName = fileName(title, "png");
  const svgButton = html`<button type="button" class="download" data-download="svg" data-filename=${svgName}>Download SVG<span class="visually-hidden"> of ${title}</span></button>`;
  const pngButton = html`<button type="button" class="download" data-download="png" data-filename=${pngName}>Download PNG<span class="visually-hidden"> of ${title}</span></button>`;
  svgButton.onclick = () => {
    const node = getSvg();
    if (node) save(new Blob([serializeSvg(node)], { type: "image/svg+xml;charset=utf-8" }), svgName);
  };
  pngButton.onclick = async () => {
    const node = getSvg();
    if (!node) return;
    const blob = await svgToPng(node);
    if (blob) save(blob, pngName);
  };
  return html`<div class="downloads no-print">${svgButton}${pngButton}</div>`;
}
