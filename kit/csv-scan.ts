import { createReadStream } from "node:fs";
import { type CsvLineScan, MAX_LINE_BYTES, scanCsvLines } from "../loaders/read-export.ts";

/**
 * The byte scan the CSV reader needs before DuckDB reads a file (`scanCsvLines` in loaders/read-export.ts: lines
 * whose quotes do not pair up, lines too long to be a record, blank lines), done the quick way when the file
 * cannot hold any of them: no double quote, no NUL byte, no blank line and no line over the limit. Those are
 * found with Buffer.indexOf (native code) over 1 MB chunks, one call per line end, with no work per byte in
 * JavaScript. A national extract written by a database (HES, SUS, ONS) quotes nothing, so this is the usual
 * case; any other file gets the loaders' full scan, so the result is always the same as theirs.
 */

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Line ends around a blank line: an empty line, or one of only carriage returns (as the full scan counts blank). */
const BLANK_LINES = [Buffer.from("\n\n"), Buffer.from("\n\r\n"), Buffer.from("\n\r\r\n")];
const TAIL = 3; // bytes of one chunk carried into the next, so a pattern across the boundary is seen

async function quickScan(path: string): Promise<CsvLineScan | null> {
  let records = 0;
  let lineStart = 0; // offset in the file where the current line starts
  let offset = 0; // offset in the file of the chunk
  let carry: Buffer = Buffer.alloc(0);
  let header = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (chunk.indexOf(QUOTE) >= 0 || chunk.indexOf(0) >= 0) return null;
    const joined = carry.length ? Buffer.concat([carry, chunk.subarray(0, TAIL)]) : null;
    for (const pattern of BLANK_LINES) if (chunk.indexOf(pattern) >= 0 || (joined && joined.indexOf(pattern) >= 0)) return null;
    for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) {
      if (offset + i - lineStart > MAX_LINE_BYTES) return null;
      if (header) header = false;
      else records++;
      lineStart = offset + i + 1;
    }
    offset += chunk.length;
    if (offset - lineStart > MAX_LINE_BYTES) return null;
    carry = chunk.subarray(Math.max(0, chunk.length - TAIL));
  }
  const tail = carry.toString("latin1");
  if (/\n\r{1,2}$/.test(tail)) return null; // a last line of only carriage returns: blank, for the full scan
  if (offset > lineStart) {
    if (header) header = false;
    else records++;
  }
  return { records, badRows: [], blankRows: [] };
}

export async function scanExtract(path: string): Promise<CsvLineScan> {
  return (await quickScan(path)) ?? scanCsvLines(path);
}
