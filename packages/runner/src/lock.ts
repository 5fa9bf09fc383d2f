import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, RUN_FILES, ZpbenchError } from '@zpbench/core';

/** Whether a process runs: signal 0 reaches it and (on Linux) it is not a zombie awaiting reaping. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; a killed process whose parent has not reaped it is Z.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust the signal
  }
}

/**
 * Takes the run directory's lock (`.zpbench.lock` holding the pid), created exclusively.
 * A lock left by a dead process is taken over; a live holder is refused with `ZPB_LOCKED`.
 * Returns the release function.
 */
export function acquireRunLock(runDir: string): () => void {
  const path = join(runDir, RUN_FILES.lock);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new ZpbenchError(
          ERROR_CODES.LOCKED,
          `${runDir} is in use by another zpbench process (pid ${holder}); wait for it to finish or stop it, then rerun`,
        );
      }
      rmSync(path, { force: true }); // stale: its holder died
    }
  }
  throw new ZpbenchError(
    ERROR_CODES.LOCKED,
    `cannot take the lock ${path}; remove it if no zpbench process is running`,
  );
}
