import { launchBrowser } from "./packs/chromium.ts";
import { serveStatic } from "./packs/static-server.ts";
const server = await serveStatic("dist");
const b = await launchBrowser();
const out = "/work/shots";
const errors: string[] = [];
for (const [w, h] of [[1440, 900], [390, 844]]) {
  for (const page of ["index", "contract", "families/place-of-death"]) {
    const p = await b.context.newPage();
    p.on("console", (m) => { if (m.type() === "error") errors.push(`${page}@${w}: ${m.text()}`); });
    await p.setViewportSize({ width: w, height: h });
    await p.goto(`${server.origin}/${page}.html`, { waitUntil: "networkidle" });
    await p.waitForTimeout(1500);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const height = await p.evaluate(() => document.documentElement.scrollHeight);
    console.log(page, w, "overflow", overflow, "height", height);
    await p.screenshot({ path: `${out}/${page.replace("/", "-")}-${w}-top.png` });
    await p.evaluate((y) => window.scrollTo(0, y), h);
    await p.screenshot({ path: `${out}/${page.replace("/", "-")}-${w}-second.png` });
    await p.close();
  }
}
// the board pack as printed (the PDF is printed from this page)
const p = await b.context.newPage();
await p.setViewportSize({ width: 794, height: 1123 });
await p.emulateMedia({ media: "print" });
await p.goto(`${server.origin}/board-pack.html`, { waitUntil: "networkidle" });
await p.waitForTimeout(2000);
await p.screenshot({ path: `${out}/pack-cover.png` });
const sections = await p.evaluate(() => [...document.querySelectorAll("h2")].map((h) => h.textContent));
console.log("pack h2:", sections.slice(0, 40));
console.log("errors", errors);
await b.close(); await server.close();
