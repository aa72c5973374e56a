import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * Runs one step as a child process and measures what the benchmark reports: wall-clock seconds and peak
 * memory. Peak memory is the larger of the child's own high-water mark (VmHWM, exact for a single process) and
 * the largest sum of resident memory across the child and its descendants seen while sampling (the site build
 * runs its data loaders as grandchildren). Linux /proc only: this benchmark is for the build machines.
 */

export interface StepMeasure {
  seconds: number;
  peakBytes: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const PAGE_KB = 1024;

/** `VmHWM:   123456 kB` and friends, from /proc/<pid>/status text, in bytes (0 when absent). */
export function statusFieldBytes(statusText: string, field: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(statusText);
  return match ? Number(match[1]) * PAGE_KB : 0;
}

/** The parent pid from /proc/<pid>/stat text (the command name may hold spaces and brackets). */
export function parentPid(statText: string): number {
  const afterName = statText.slice(statText.lastIndexOf(")") + 2);
  return Number(afterName.split(" ")[1]);
}

/** Every pid under `root` (itself included), from a pid -> parent map. */
export function descendants(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null; // the process ended between listing and reading
  }
}

function processTreeRss(root: number): { treeRss: number; rootHwm: number } {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    if (stat) parents.set(Number(entry), parentPid(stat));
  }
  let treeRss = 0;
  let rootHwm = 0;
  for (const pid of descendants(root, parents)) {
    const status = readProc(pid, "status");
    if (!status) continue;
    treeRss += statusFieldBytes(status, "VmRSS");
    if (pid === root) rootHwm = statusFieldBytes(status, "VmHWM");
  }
  return { treeRss, rootHwm };
}

export function measureStep(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean }): Promise<StepMeasure> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    let peak = 0;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      if (options.echo) process.stderr.write(chunk);
    });
    const sample = () => {
      if (child.pid === undefined) return;
      const { treeRss, rootHwm } = processTreeRss(child.pid);
      peak = Math.max(peak, treeRss, rootHwm);
    };
    const timer = setInterval(sample, 100);
    child.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on("close", (status) => {
      clearInterval(timer);
      resolvePromise({ seconds: (performance.now() - started) / 1000, peakBytes: peak, status, stdout, stderr });
    });
  });
}
