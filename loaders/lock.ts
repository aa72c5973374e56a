import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";

/**
 * An exclusive lock on a database: a lock file beside it holding the holder's pid, host and start time. Two
 * ingests into one database would each build from the same old copy and the second rename would lose the
 * first's load, so the second one stops (or waits) instead. A lock whose holder is gone is stale and taken over.
 */

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export class LockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message);
  }
}

export const lockPathOf = (target: string) => `${target}.lock`;

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return null; // being written, or not ours: judged by its age below
  }
}

/** Whether the process that wrote the lock still runs (same host, pid alive and not started after the lock). */
export function holderIsAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot tell for another machine: never steal its lock
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  try {
    // A pid reused by a later process: /proc/<pid> dates from that process's start.
    const started = statSync(`/proc/${holder.pid}`).ctimeMs;
    if (started > Date.parse(holder.startedAt) + 2000) return false;
  } catch {
    // no /proc here: the pid check is all there is
  }
  return true;
}

function tryCreate(lockPath: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`;
}

/**
 * Takes the lock on `target`, or throws LockedError naming the holder; with `waitMs`, polls until the holder is
 * done or the time is up. Returns the release function.
 */
export async function acquireLock(target: string, command: string, options: { waitMs?: number; pollMs?: number } = {}): Promise<() => void> {
  const lockPath = lockPathOf(target);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    if (tryCreate(lockPath, me)) break;
    const holder = readHolder(lockPath);
    let age = 0;
    try {
      age = Date.now() - statSync(lockPath).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (holder ? !holderIsAlive(holder) : age > 10_000) {
      rmSync(lockPath, { force: true }); // stale: its holder was killed
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ?? { pid: 0, host: "?", startedAt: "?", command: "another run" };
      throw new LockedError(`${target} is locked by ${describeHolder(who)}: wait for it to finish, or pass --wait`, who);
    }
    await new Promise((done) => setTimeout(done, options.pollMs ?? 500));
  }
  return () => {
    const holder = readHolder(lockPath);
    if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) rmSync(lockPath, { force: true });
  };
}
