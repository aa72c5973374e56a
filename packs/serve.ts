// `npm run preview`: serves the built site (dist/, or ALLIANCE_SITE_OUT, or the folder given) on
// http://127.0.0.1:3000 (PORT to change it), exactly as a plain static host would, and says where to open it.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { serveStatic } from "./static-server.ts";

const dir = resolve(process.argv[2] ?? process.env.ALLIANCE_SITE_OUT ?? join(import.meta.dirname, "..", "dist"));
if (!existsSync(join(dir, "index.html"))) {
  process.stderr.write(`preview: no built site in ${dir} (run npm run build first)\n`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
try {
  const server = await serveStatic(dir, port);
  process.stderr.write(`preview: serving ${dir}\npreview: open ${server.origin}/ in a browser (Ctrl+C to stop)\n`);
} catch (e) {
  process.stderr.write(`preview: cannot listen on 127.0.0.1:${port}: ${(e as Error).message} (set PORT to another port)\n`);
  process.exit(2);
}
