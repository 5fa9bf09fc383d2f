// A child process spoken to one line at a time (a reference implementation in Python): the
// bench harness times each request, so the reference runs under the same clock, in the same
// interleaved rounds, as the code it is compared with. Used by scripts/bench/nn and stats.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `command args`, waits for its first line (its "ready …" banner) and returns
 * { banner, request(line) → Promise<reply line>, close() }; rejects when it cannot start.
 */
export async function startLineProcess(command, args, env = process.env) {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  const failed = new Promise((_, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${stderr.trim()}`)));
  });
  failed.catch(() => {});
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => Promise.race([new Promise((resolve) => waiting.push(resolve)), failed]);
  const banner = await next();
  return {
    banner,
    request(line) {
      const reply = next();
      child.stdin.write(`${line}\n`);
      return reply;
    },
    close() {
      child.stdin.end();
      child.kill();
    },
  };
}
