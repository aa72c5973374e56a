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

/** The chart's SVG as a standalone file: namespaces, size, white background and fonts written in. */
export function serializeSvg(svgNode) {
  const clone = svgNode.cloneNode(true);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  const width = svgNode.getAttribute("width") ?? svgNode.getBoundingClientRect().width;
  const height = svgNode.getAttribute("height") ?? svgNode.getBoundingClientRect().height;
  clone.setAttribute("width", width);
  clone.setAttribute("height", height);
  clone.setAttribute("font-family", "Arial, Helvetica, sans-serif");
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", "#ffffff");
  clone.insertBefore(background, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The chart as a PNG (twice its size), as the site's PNG button and the evidence packs save it. */
export async function svgToPng(svgNode, scale = 2) {
  const text = serializeSvg(svgNode);
  const width = Number(svgNode.getAttribute("width")) || svgNode.getBoundingClientRect().width;
  const height = Number(svgNode.getAttribute("height")) || svgNode.getBoundingClientRect().height;
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

/** SVG and PNG buttons for a chart; `getSvg` returns the chart's current svg element. */
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
