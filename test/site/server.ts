// The static server moved to packs/ (the board-pack and evidence-pack commands serve the built site too).
export { serveStatic, type StaticServer } from "../../packs/static-server.ts";
