import type { BenchmarkLine } from '@zpbench/runner';
import { paint } from './output.js';

/** pybench's rule under the benchmark lines. */
const RULE = '─'.repeat(62);

/** Python's `{x:+.1f}`: the sign always shown, a negative zero keeps its minus. */
function signed1(x: number): string {
  const negative = x < 0 || Object.is(x, -0);
  return `${negative ? '-' : '+'}${Math.abs(x).toFixed(1)}`;
}

function shape(line: BenchmarkLine): string {
  return line.metrics * line.steps === line.nSlots
    ? `${line.metrics} metrics × ${line.steps} steps`
    : `${line.metrics} metrics, ${line.nSlots} slots`;
}

function detail(line: BenchmarkLine, untested: string): string {
  if (line.status === 'NEW') return `${shape(line)}   (baseline saved)`;
  if (line.status === 'UNTESTED') return `${shape(line)}   (${untested})`;
  const only = line.slots.length === 1 ? line.slots[0] : undefined;
  if (only) {
    return `${only.metric}  ${only.baselineMean.toFixed(3)}→${only.currentMean.toFixed(3)}  Δ${signed1(100 * only.effect)}%  p=${only.p.toFixed(2)}${only.denomAtFloor ? '  ⚠ effect unreliable' : ''}`;
  }
  return `${shape(line)}   ${line.nFlagged}/${line.nSlots} slots flagged  meta-p=${(line.metaP ?? 1).toFixed(3)}`;
}

const COLOURS = { NEW: 'yellow', PASS: 'green', FAIL: 'red', UNTESTED: 'yellow' } as const;

/**
 * pybench's lines for a run against its baseline: one `<name> .......... STATUS   <detail>` line
 * per benchmark (the flagged slots under a FAIL), a note that every line shares one severity
 * test, the rule, and `N failed, N passed, N new in Xs`. Returns the lines (no colour when
 * `colour` is false).
 */
export function renderBenchmarkLines(
  lines: readonly BenchmarkLine[],
  options: { readonly seconds: number; readonly untested?: string; readonly colour?: boolean },
): string[] {
  const colour = options.colour ?? true;
  const out: string[] = [];
  for (const line of lines) {
    const status = colour ? paint(line.status, COLOURS[line.status]) : line.status;
    out.push(
      `${line.name.padEnd(18)}${'.'.repeat(10)} ${status}   ${detail(line, options.untested ?? 'no verdict')}`,
    );
    if (line.status !== 'FAIL') continue;
    for (const slot of line.slots.filter((s) => s.flagged)) {
      out.push(
        `  ✗ ${slot.label} (${slot.metric} step ${slot.step})  ${slot.baselineMean.toFixed(2)}±${slot.baselineSd.toFixed(2)} → ${slot.currentMean.toFixed(2)}±${slot.currentSd.toFixed(2)}  ${signed1(100 * slot.effect)}%  p=${slot.p.toFixed(3)}`,
      );
    }
  }
  const tested = lines.find((line) => line.metaP !== null);
  if (tested) {
    const slots = lines.reduce((sum, line) => sum + line.nSlots, 0);
    out.push(
      `one severity sign-flip test over all ${slots} slots of the ${lines.length} benchmarks: meta-p=${(tested.metaP as number).toFixed(3)}`,
    );
  }
  out.push(RULE);
  const count = (status: BenchmarkLine['status']) =>
    lines.filter((l) => l.status === status).length;
  const untested = count('UNTESTED');
  out.push(
    `${count('FAIL')} failed, ${count('PASS')} passed, ${count('NEW')} new${untested > 0 ? `, ${untested} untested` : ''} in ${options.seconds.toFixed(1)}s`,
  );
  return out;
}
