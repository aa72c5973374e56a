/**
 * The built site as its readers meet it: `npx tsx bench/site-audit.ts [DIST]` (default dist/, after
 * `npm run build`). Prints figures, judges nothing (the site and pack tests do, on a small alliance):
 * - every page served by `python3 -m http.server` (the plainest static host), at 1440 and 390 px: its status, axe
 *   (WCAG 2.2 AA and best practice) violations with their rule ids, and horizontal overflow in pixels;
 * - every same-origin link found on the pages at 1440 px fetched from that server (how many are not 200), and
 *   every request any page made to another origin;
 * - the board pack PDF's page count and how full each page is (its lowest line of text, as a share of the
 *   printable height), with the pages under a quarter full.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { spawn } from "node:child_process";
import { getDocumentProxy } from "unpdf";
import { launchBrowser } from "../packs/chromium.ts";
const AXE = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const PAGES = ["/index.html", "/contract.html", ...["place-of-death", "preferred-place", "hospital-use", "identification", "advance-care-planning", "carers-bereavement", "responsiveness", "outcomes"].map((p) => `/families/${p}.html`), "/data-quality.html", "/definitions.html", "/packs.html", "/board-pack.html"];
const dist = resolve(process.argv[2] ?? "dist");
const py = spawn("python3", ["-m", "http.server", "8765", "--bind", "127.0.0.1", "--directory", dist], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 1500));
const origin = "http://127.0.0.1:8765";
const b = await launchBrowser();
const links = new Set<string>();
const offOrigin: string[] = [];
for (const path of PAGES) {
  const row: string[] = [path];
  for (const width of [1440, 390]) {
    const p = await b.context.newPage();
    p.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) offOrigin.push(r.url()); });
    await p.setViewportSize({ width, height: 900 });
    const res = await p.goto(origin + path, { waitUntil: "networkidle" });
    await p.waitForTimeout(2500);
    await p.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    await p.addScriptTag({ content: AXE });
    const v = await p.evaluate(async (tags) => (await (window as any).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })).violations.map((x: any) => x.id), TAGS);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (width === 1440) for (const h of await p.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href))) if (h.startsWith(origin)) links.add(h.split("#")[0]!);
    row.push(`${width}: status ${res?.status()} axe ${v.length}${v.length ? ` (${v.join(",")})` : ""} overflow ${overflow}px`);
    await p.close();
  }
  console.log(row.join(" | "));
}
let bad = 0;
for (const l of links) { const r = await fetch(l); if (r.status !== 200) { bad++; console.log("NOT 200", r.status, l); } }
console.log(`links on python3 -m http.server: ${links.size} distinct, ${bad} not 200; requests off the origin: ${offOrigin.length}`);
const pdf = JSON.parse(readFileSync(`${dist}/downloads/packs.json`, "utf8"));
const doc = await getDocumentProxy(new Uint8Array(readFileSync(`${dist}/downloads/${pdf.board_pack.file}`)));
const fills: number[] = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i); const height = page.view[3]!; const margin = (16 / 25.4) * 72; const top = height - margin;
  const ys = (await page.getTextContent()).items.map((it: any) => (it.str?.trim() && it.transform ? it.transform[5] : null)).filter((y: any) => y != null && y > margin && y < top);
  fills.push(ys.length ? (top - Math.min(...ys)) / (top - margin) : 0);
}
console.log(`PDF ${doc.numPages} pages; least-filled page ${(Math.min(...fills) * 100).toFixed(0)}% (page ${fills.indexOf(Math.min(...fills)) + 1}); pages under 25%: ${fills.filter((f) => f < 0.25).length}`);
await b.close(); py.kill();
