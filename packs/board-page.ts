import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { CHROMIUM, launchBrowser, type SiteBrowser } from "./chromium.ts";
import { serveStatic, type StaticServer } from "./static-server.ts";

/**
 * The site's printable board pack page (board-pack.md) open in chromium for one quarter: what both pack
 * commands print and export charts from. The built site is served on 127.0.0.1; any request to another origin
 * is refused, and a console error or failed request on the page stops the pack.
 */

export interface BoardPage {
  page: Page;
  period: string;
  close(): Promise<void>;
}

export class ChromiumMissingError extends Error {}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Starts the server and browser once; `open` then loads the pack page for a quarter. */
export async function startBoardPages(siteDir: string): Promise<{ open(period: string): Promise<BoardPage>; close(): Promise<void> }> {
  if (!chromiumAvailable()) throw new ChromiumMissingError(`chromium not found at ${CHROMIUM} (install Debian's chromium: apt-get install chromium, or set CHROMIUM_PATH)`);
  const server: StaticServer = await serveStatic(siteDir);
  let browser: SiteBrowser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    async open(period) {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error: ${m.text()}`);
      });
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      await page.route("**/*", (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
      try {
        await page.goto(`${server.origin}/board-pack.html?period=${encodeURIComponent(period)}`, { waitUntil: "networkidle", timeout: 120_000 });
        await page.waitForSelector("html[data-board-pack]", { timeout: 120_000 });
        const state = await page.evaluate(() => document.documentElement.dataset.boardPack);
        if (state !== "ready") throw new Error(`the board pack page could not show ${period}`);
        if (problems.length) throw new Error(`the board pack page reported: ${problems.slice(0, 3).join("; ")}`);
      } catch (e) {
        await page.close();
        throw e;
      }
      return { page, period, close: () => page.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
