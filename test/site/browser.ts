// The chromium launcher moved to packs/ (the board-pack and evidence-pack commands drive it too).
export { CHROMIUM, CHROMIUM_ARGS, launchBrowser, type SiteBrowser } from "../../packs/chromium.ts";
