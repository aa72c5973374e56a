import ExcelJS from "exceljs";
import unzipper from "unzipper";

/**
 * An .xlsx workbook's sheet names, and any one sheet read row by row so no sheet has to fit in memory.
 *
 * ExcelJS's own streaming reader takes the zip in one forward pass, and that pass can miss entries when the reader
 * awaits between them (exceljs#3064, unzipper#234): it then names the sheets "Sheet1", "Sheet2"… or cannot name
 * them at all, and a loader that picks the sheet named after its dataset silently reads another one. It happened
 * in our CI under load. This reader opens the zip through its central directory instead, so the relationships,
 * the workbook (sheet names), shared strings and styles are always parsed before any sheet, and a sheet is read
 * straight from its own part, through ExcelJS's row reader unchanged. It overrides only ExcelJS's `parse` step and calls the part parsers
 * that step calls (pinned ExcelJS 4.4.0; test/loaders/xlsx-workbook.test.ts guards them).
 */

type ReaderOptions = { styles: "cache" | "ignore" };

type Relationship = { Id: string; Target: string };
type SheetModel = { id: number; name: string; rId: string; state?: string };

/** The internal part parsers of ExcelJS's streaming WorkbookReader that `parse` drives. */
interface WorkbookReaderParts {
  options: Record<string, string>;
  workbookRels?: Relationship[];
  model?: { sheets?: SheetModel[] };
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

export class NotAWorkbookError extends Error {}

/** A zip part's path from a workbook relationship's target ("worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml"). */
export function partPath(target: string): string {
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** An opened workbook: its sheet names in tab order, and any one sheet's rows on demand. */
export interface Workbook {
  sheetNames: string[];
  /** The sheet's rows in order, read from the file as they are consumed; stopping early closes the file. */
  rows(sheetName: string): AsyncGenerator<ExcelJS.Row>;
}

/**
 * Opens the workbook at `path`: the relationships, sheet names, shared strings and (when asked) styles are read
 * now; a sheet's rows only when asked for. Throws NotAWorkbookError when the file is not an .xlsx workbook.
 */
export async function openWorkbook(path: string, { styles }: ReaderOptions): Promise<Workbook> {
  let directory: unzipper.CentralDirectory;
  try {
    directory = await unzipper.Open.file(path);
  } catch {
    throw new NotAWorkbookError("the file is not an Excel workbook (it is not a zip archive)");
  }
  const parts = new Map(directory.files.map((f) => [f.path.replace(/^\//, ""), f]));
  const rels = parts.get("xl/_rels/workbook.xml.rels");
  const book = parts.get("xl/workbook.xml");
  if (!rels || !book) throw new NotAWorkbookError("the file is not an Excel workbook (it has no xl/workbook.xml)");

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles,
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as WorkbookReaderParts;
  await reader._parseRels(rels.stream());
  await reader._parseWorkbook(book.stream());
  const sharedStrings = parts.get("xl/sharedStrings.xml");
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings.stream())) void _;
  const stylesPart = parts.get("xl/styles.xml");
  if (stylesPart) await reader._parseStyles(stylesPart.stream());

  const relationships = new Map((reader.workbookRels ?? []).map((r) => [r.Id, r.Target]));
  const sheets = reader.model?.sheets ?? [];
  return {
    sheetNames: sheets.map((s) => s.name),
    async *rows(sheetName: string) {
      const sheet = sheets.find((s) => s.name === sheetName);
      if (!sheet) throw new Error(`the workbook has no sheet named "${sheetName}"`);
      const target = relationships.get(sheet.rId);
      const entry = target ? parts.get(partPath(target)) : undefined;
      if (!entry) throw new NotAWorkbookError(`the workbook lists a sheet "${sheet.name}" that the file does not hold`);
      const stream = entry.stream();
      try {
        for (const { eventType, value } of reader._parseWorksheet(stream, String(sheet.id))) {
          if (eventType === "worksheet") yield* value;
        }
      } finally {
        stream.destroy();
      }
    },
  };
}
