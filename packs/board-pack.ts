import { getDocumentProxy } from "unpdf";
import { longDate } from "../src/components/data.js";
import type { BoardPage } from "./board-page.ts";

/**
 * The board pack as a PDF: the site's board pack page printed by chromium on A4 with the alliance and period
 * in the header, the production date and "Page n of N" in the footer, and PDF bookmarks from the headings.
 * Printed twice: the first print's bookmarks give each section's page, which the contents then show.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const TEMPLATE_STYLE = "font-family: Arial, 'Liberation Sans', sans-serif; font-size: 7.5pt; color: #4c6272; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;";

/** The running header: the alliance on the left, the pack and quarter on the right. */
export function headerTemplate(alliance: string, periodText: string): string {
  return `<div style="${TEMPLATE_STYLE}"><span>${escapeHtml(alliance)}</span><span>Board pack: ${escapeHtml(periodText)}</span></div>`;
}

/** The running footer: when it was produced and from what, and the page number of the total. */
export function footerTemplate(produced: Date): string {
  return `<div style="${TEMPLATE_STYLE}"><span>Alliance Outcomes, published (disclosure-controlled) figures. Produced ${escapeHtml(longDate(produced))}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Every bookmark of a PDF (nested ones too) with the 1-based page it points to. */
export async function bookmarkPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const out = new Map<string, number>();
  type Item = { title: string; dest: string | unknown[] | null; items: Item[] };
  const walk = async (items: Item[]) => {
    for (const item of items) {
      const dest = typeof item.dest === "string" ? await doc.getDestination(item.dest) : item.dest;
      const ref = Array.isArray(dest) ? dest[0] : null;
      if (ref && !out.has(item.title.trim())) out.set(item.title.trim(), (await doc.getPageIndex(ref as never)) + 1);
      await walk(item.items ?? []);
    }
  };
  await walk(((await doc.getOutline()) ?? []) as Item[]);
  await doc.destroy();
  return out;
}

export async function pageCount(pdf: Uint8Array): Promise<number> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

export interface BoardPackPdf {
  pdf: Uint8Array;
  pages: number;
  /** section title -> page */
  contents: Map<string, number>;
}

/** Prints the open board pack page to PDF, with the contents' page numbers filled in. */
export async function printBoardPack(board: BoardPage, { alliance, periodText, produced, onStep = () => {} }: { alliance: string; periodText: string; produced: Date; onStep?: (step: string) => void }): Promise<BoardPackPdf> {
  const { page } = board;
  await page.evaluate((title) => (document.title = title), `Board pack ${periodText}: ${alliance}`);
  const sections = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".pack-contents [data-toc-page]")].map((span) => {
      const id = span.dataset.tocPage!;
      return { id, title: (document.getElementById(id)?.querySelector("h2")?.textContent ?? "").trim() };
    }),
  );
  const options = {
    format: "A4" as const,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(alliance, periodText),
    footerTemplate: footerTemplate(produced),
    margin: { top: "16mm", bottom: "16mm", left: "15mm", right: "15mm" },
    outline: true,
    tagged: true,
  };
  const contentsOf = (bookmarks: Map<string, number>) => new Map(sections.map((s) => [s.title, bookmarks.get(s.title) ?? 0]));
  onStep("print");
  const first = await page.pdf(options);
  const contents = contentsOf(await bookmarkPages(first));
  onStep("contents");
  await page.evaluate(
    (numbers) => {
      for (const [id, n] of numbers) {
        const span = document.querySelector(`.pack-contents [data-toc-page="${id}"]`);
        if (span) span.textContent = n ? String(n) : "";
      }
    },
    sections.map((s) => [s.id, contents.get(s.title) ?? 0] as [string, number]),
  );
  onStep("print with contents");
  const pdf = new Uint8Array(await page.pdf(options));
  // the numbers sit in a fixed-width column, so the second print paginates as the first did: check it
  const again = contentsOf(await bookmarkPages(pdf));
  const moved = sections.filter((s) => again.get(s.title) !== contents.get(s.title));
  if (moved.length) throw new Error(`the contents' page numbers moved between prints (${moved.map((s) => s.title).join(", ")})`);
  return { pdf, pages: await pageCount(pdf), contents };
}
