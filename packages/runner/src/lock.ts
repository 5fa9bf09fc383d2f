import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ERROR_CODES, RUN_FILES, ZpbenchError } from '@zpbench/core';

/*
 * The run directory's lock is `.zpbench.lock`, holding "<pid> <start>": the holder's pid and its
 * start time in clock ticks since boot (/proc/<pid>/stat field 22), which tells a live holder from
 * a process that merely reuses a dead holder's pid.
 *
 * - Creation is atomic and never shows an empty file: the record is written to a temp file that is
 *   hard-linked to the lock path (link fails with EEXIST when a lock exists).
 * - A stale lock (dead holder) is taken over by exactly one process: the takeover of one lock
 *   instance (inode and mtime) is claimed by exclusively creating a marker named after it; the
 *   claimant checks that the lock is still that instance, removes it and competes for a fresh one
 *   like everybody else. A claimant that dies leaves its marker behind; the next generation's
 *   marker is claimed in its place.
 */

/** Locks this process holds, by path: a second acquisition in the same process is refused too. */
const HELD = new Set<string>();

/** How long an empty lock file is taken to be one being written (a writer without hard links). */
const EMPTY_LOCK_GRACE_MS = 10_000;

interface Holder {
  readonly pid: number;
  /** Start time of the holder process; null when not recorded (an older zpbench) or unknowable. */
  readonly start: string | null;
}

/** Fields of /proc/<pid>/stat after the command name; null without procfs or for a gone process. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

const HAS_PROCFS = procStat(process.pid) !== null;

/** Start time of a process (clock ticks since boot), or null. */
function processStart(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

const OWN_RECORD = `${process.pid} ${processStart(process.pid) ?? ''}`.trim();

/** Whether a process runs: signal 0 reaches it and (on Linux) it is not a zombie awaiting reaping. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procStat(pid)?.[0] !== 'Z';
}

/** Whether a live process could be a zpbench run: a Node.js process, by its command line. */
function looksLikeZpbench(pid: number): boolean {
  try {
    const [exe = '', script = ''] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /node|zpbench/.test(basename(exe)) || /zpbench/.test(script);
  } catch {
    return true; // unknowable: assume the worst
  }
}

function parseHolder(text: string): Holder | null {
  const match = /^(\d+)(?: (\d+))?\s*$/.exec(text);
  if (!match) return null;
  return { pid: Number(match[1]), start: match[2] ?? null };
}

/** Who holds a lock: live (with a reason to refuse) or gone (the lock is stale). */
function judge(holder: Holder): { live: true; confirmed: boolean } | { live: false; why: string } {
  if (!isAlive(holder.pid)) return { live: false, why: 'its process has exited' };
  if (!HAS_PROCFS) return { live: true, confirmed: false };
  if (holder.start !== null) {
    return processStart(holder.pid) === holder.start
      ? { live: true, confirmed: true }
      : { live: false, why: 'its pid now belongs to another process' };
  }
  return looksLikeZpbench(holder.pid)
    ? { live: true, confirmed: true }
    : { live: false, why: 'its pid belongs to a process that is not zpbench' };
}

/** Creates `path` holding `content` unless it exists, never showing a partial file. */
function createExclusive(path: string, content: string): boolean {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(temp, content, { flag: 'wx' });
    try {
      linkSync(temp, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    }
    // No hard links on this file system: exclusive create, then write (briefly empty).
    try {
      writeFileSync(path, content, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Identity of one lock instance: its inode and modification time in nanoseconds. */
function instanceKey(stats: { ino: bigint; mtimeNs: bigint }): string {
  return `${stats.ino}-${stats.mtimeNs}`;
}

/** Reads a lock file and its identity from one open file; null when it is gone. */
function readLock(
  path: string,
): { text: string; key: string; ageMs: number; regular: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    if (!stats.isFile()) return { text: '', key: instanceKey(stats), ageMs: 0, regular: false };
    const buffer = Buffer.alloc(Math.min(Number(stats.size), 256));
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return {
      text: buffer.subarray(0, length).toString('utf8'),
      key: instanceKey(stats),
      ageMs: Date.now() - Number(stats.mtimeMs),
      regular: true,
    };
  } finally {
    closeSync(fd);
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Claims the takeover of one stale lock instance and, if still that instance, removes it.
 * Returns false when another live process is taking it over right now.
 */
function takeOver(path: string, key: string): boolean {
  const marker = (generation: number) => `${path}.takeover.${key}.${generation}.tmp`;
  for (let generation = 0; ; generation++) {
    if (createExclusive(marker(generation), OWN_RECORD)) break;
    const claimant = parseHolder(readLock(marker(generation))?.text ?? '');
    // A claimant still alive (or still writing its marker) is doing the takeover: let it.
    if (claimant === null || judge(claimant).live) return false;
  }
  try {
    let current: { ino: bigint; mtimeNs: bigint } | null = null;
    try {
      current = statSync(path, { bigint: true });
    } catch {
      current = null; // already removed
    }
    if (current && instanceKey(current) === key) rmSync(path, { force: true });
    return true;
  } finally {
    for (let generation = 0; ; generation++) {
      try {
        rmSync(marker(generation));
      } catch {
        break;
      }
    }
  }
}

function lockedError(runDir: string, path: string, holder: Holder | null, confirmed: boolean) {
  if (holder === null) {
    return new ZpbenchError(
      ERROR_CODES.LOCKED,
      `run in progress: ${runDir} is being locked by another zpbench process (${path} is still being written); wait for it to finish, or remove the lock file if no zpbench process is running`,
    );
  }
  if (!confirmed) {
    return new ZpbenchError(
      ERROR_CODES.LOCKED,
      `${runDir} is locked by process ${holder.pid} (${path}); if that is not a zpbench run, remove the lock file and rerun`,
    );
  }
  return new ZpbenchError(
    ERROR_CODES.LOCKED,
    `run in progress: ${runDir} is in use by another zpbench process (pid ${holder.pid}); wait for it to finish or stop it, then rerun`,
  );
}

/**
 * Takes the run directory's lock (`.zpbench.lock`). A lock whose holder has exited is taken over
 * atomically, by one process however many find it at once; a live holder is refused with
 * `ZPB_LOCKED` ("run in progress"). The lock is released by the returned function, or when the
 * process exits.
 */
export function acquireRunLock(runDir: string): () => void {
  const path = join(runDir, RUN_FILES.lock);
  if (HELD.has(path)) {
    throw new ZpbenchError(
      ERROR_CODES.LOCKED,
      `run in progress: ${runDir} is already in use by this process; wait for that run to finish`,
    );
  }
  for (let attempt = 0; attempt < 500; attempt++) {
    let created: boolean;
    try {
      created = createExclusive(path, `${OWN_RECORD}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ZpbenchError(
        ERROR_CODES.WRITE,
        `cannot take the lock ${path} (${code}); the run directory must be writable — free disk space or fix permissions and rerun`,
        { cause: error },
      );
    }
    if (created) return holdLock(path);
    const lock = readLock(path);
    if (lock === null) continue; // released meanwhile
    if (!lock.regular) {
      throw new ZpbenchError(
        ERROR_CODES.LOCKED,
        `${path} is not a lock file (a directory or device stands in its place); remove it and rerun`,
      );
    }
    const holder = parseHolder(lock.text);
    if (holder === null) {
      // Empty or unreadable: a writer without hard links between create and write, or debris.
      if (lock.ageMs < EMPTY_LOCK_GRACE_MS) throw lockedError(runDir, path, null, false);
    } else {
      const verdict = judge(holder);
      if (verdict.live) throw lockedError(runDir, path, holder, verdict.confirmed);
    }
    if (!takeOver(path, lock.key)) sleep(2);
  }
  throw new ZpbenchError(
    ERROR_CODES.LOCKED,
    `cannot take the lock ${path}: other processes keep taking it over; rerun, or remove it if no zpbench process is running`,
  );
}

/** Records a lock as held and returns its release, also run if the process exits first. */
function holdLock(path: string): () => void {
  const ownKey = readLock(path)?.key;
  HELD.add(path);
  const release = () => {
    process.off('exit', release);
    HELD.delete(path);
    // Remove only our own lock instance, never one another process has since taken. Never
    // throw: releasing runs in `finally` and must not hide the error that got us there (a
    // read-only file system refuses the unlink; the lock left behind is stale, taken over next).
    try {
      const lock = readLock(path);
      if (lock && lock.key === ownKey) rmSync(path, { force: true });
    } catch {}
  };
  process.on('exit', release);
  return release;
}
