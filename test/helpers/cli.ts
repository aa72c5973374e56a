import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `alliance <args>` as a user would (through tsx), from the repository root; no time limit unless asked. */
export function alliance(args: string[], options: { timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli", "main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
