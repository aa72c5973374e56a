// CSV text for downloads, safe to open in Excel: a cell that would start with =, +, - or @ (or a tab or
// carriage return) and is not a number is prefixed with a single quote, so a spreadsheet never runs it as a
// formula. Pure functions: no DOM.

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;

/** Escapes one cell against formula injection, then quotes it for CSV where needed. */
export function csvCell(value) {
  if (value == null) return "";
  let text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "boolean" ? String(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * rows: objects; columns: [{ key, label, csv?: (row) => value }] (csv defaults to row[key]).
 * Lines end CRLF (RFC 4180), with a byte-order mark so Excel reads UTF-8 (£, –) correctly.
 */
export function toCsv(rows, columns) {
  const header = columns.map((c) => csvCell(c.label ?? c.key)).join(",");
  const lines = rows.map((row) => columns.map((c) => csvCell(c.csv ? c.csv(row) : row[c.key])).join(","));
  return `\ufeff${[header, ...lines].join("\r\n")}\r\n`;
}

/** A safe file name from a title: letters, digits and hyphens, at most about 80 characters, cut between words. */
export function fileName(title, extension, maxLength = 80) {
  const full = String(title).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  let base = full;
  if (full.length > maxLength) {
    const cut = full.slice(0, maxLength + 1);
    const lastBreak = cut.lastIndexOf("-");
    base = lastBreak > 0 ? cut.slice(0, lastBreak) : full.slice(0, maxLength);
  }
  return `${base || "download"}.${extension}`;
}
