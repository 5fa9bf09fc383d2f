// The I/O floor of `zpbench regress --json` (issue 16 item 5): the least a Node program pays to
// read two slot-matrix files and print a verdict of the same shape, with no statistics. It reads
// and parses both inputs as zpbench does (whole files, JSON.parse), forms each slot's two means
// (the only arithmetic), builds one object per slot with the fields and value types of zpbench's
// `--json` slots and prints the document pretty-printed like printJson (within 0.1% of zpbench's
// bytes on the bench inputs). index.mjs times it like zpbench, whole process minus the same
// program on the tiny input: no implementation of the test in Node can have a smaller net.
// Usage: node io-floor.mjs <baseline.json> <current.json>
import { readFileSync } from 'node:fs';

const [baselinePath, currentPath] = process.argv.slice(2);
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
const current = JSON.parse(readFileSync(currentPath, 'utf8'));
const slots = [];
for (const metric of Object.keys(baseline)) {
  const b = baseline[metric];
  const c = current[metric];
  for (let step = 0; step < b[0].length; step++) {
    let sumB = 0;
    let sumC = 0;
    for (let s = 0; s < b.length; s++) {
      sumB += b[s][step];
      sumC += c[s][step];
    }
    const baselineMean = sumB / b.length;
    const currentMean = sumC / b.length;
    const change = currentMean - baselineMean;
    slots.push({
      metric,
      step,
      baseline_mean: baselineMean,
      current_mean: currentMean,
      change,
      change_relative: change / baselineMean,
      direction: change > 0 ? 'better' : 'worse',
      baseline_mean_zero: false,
      t_stat: change * 7,
      zero_variance: false,
      p: 0.5 + change,
      effect: change / baselineMean,
      flagged: false,
    });
  }
}
const verdict = { verdict: 'PASS', test: 'paired-sign-flip', meta_p: 0.5, slots, warnings: [] };
process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
