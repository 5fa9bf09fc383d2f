import type { PowerProgress } from '@zpbench/stats';

const PHASES: Record<PowerProgress['phase'], string> = {
  power: 'power',
  'minimum-effect': 'minimum detectable effect',
  seeds: 'seeds needed, trying',
};

/**
 * The live progress line of `zpbench plan` on stderr: the phase, simulated reruns done and an
 * ETA for the phase. Only on a TTY (never in CI or with --json); returns a `done` that clears it.
 */
export function createPlanProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream }): {
  onProgress: ((p: PowerProgress) => void) | undefined;
  done: () => void;
} {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY || process.env.CI === 'true') {
    return { onProgress: undefined, done: () => {} };
  }
  let key = '';
  let startedAt = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    onProgress: (p) => {
      const now = Date.now();
      const phaseKey = `${p.phase}/${p.nSeeds}`;
      if (phaseKey !== key) {
        key = phaseKey;
        startedAt = now;
      }
      if (now - lastDraw < 100 && p.done < p.total) return;
      lastDraw = now;
      const elapsed = (now - startedAt) / 1000;
      const eta = p.done > 0 ? (elapsed / p.done) * (p.total - p.done) : 0;
      const text = `plan: ${PHASES[p.phase]} ${p.nSeeds} seeds · ${p.done}/${p.total} simulated reruns · ETA ${eta.toFixed(0)}s`;
      stream.write(`\r\u001b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
