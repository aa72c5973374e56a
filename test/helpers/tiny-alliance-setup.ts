import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Global setup: a folder for the tiny alliance that the site and pack tests share (see tiny-alliance.ts).
 * Creating it costs nothing; the alliance is built there only when a test first asks for it, once per run.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), "alliance-tiny-"));
  project.provide("tinyAllianceRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    tinyAllianceRoot: string;
  }
}
