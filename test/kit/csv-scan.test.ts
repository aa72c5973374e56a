import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanExtract } from "../../kit/csv-scan.ts";
import { MAX_LINE_BYTES, scanCsvLines } from "../../loaders/read-export.ts";
import { tempDir } from "../helpers/exports.ts";

describe("the kit's quick byte scan", () => {
  it("finds what the loaders' full scan finds, on files with and without quotes, blank lines, CRLF and long lines", async () => {
    const dir = tempDir("alliance-kit-scan-");
    const files: Record<string, string> = {
      plain: "a,b\n1,2\n3,4\n",
      noFinalNewline: "a,b\n1,2\n3,4",
      crlf: "a,b\r\n1,2\r\n3,4\r\n",
      quoted: 'a,b\n"1,5",2\n3,4\n',
      openQuote: 'a,b\n"1,2\n3,4\n',
      blank: "a,b\n1,2\n\n3,4\n",
      blankCrlf: "a,b\r\n1,2\r\n\r\n3,4\r\n",
      blankAtEnd: "a,b\n1,2\n\n",
      carriageReturnAtEnd: "a,b\n1,2\n\r",
      headerOnly: "a,b\n",
      long: `a,b\n1,${"x".repeat(MAX_LINE_BYTES + 10)}\n3,4\n`,
      blankAcrossChunks: `a,b\n${"1,2\n".repeat((1 << 18) - 1)}1,\n\n3,4\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, text);
      expect(await scanExtract(path), name).toEqual(await scanCsvLines(path));
    }
  });
});
