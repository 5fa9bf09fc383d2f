// Preloaded into each timed zpbench process by index.mjs: writes the process's own CPU time
// (user + system, start-up included) and its minor page faults (pages it touched for the first
// time: about 11 µs each on the 2-core dev VM, and far steadier than any time) to
// $ZPB_BENCH_CPU_FILE when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.cpuUsage();
  const faults = process.resourceUsage().minorPageFault;
  writeFileSync(
    process.env.ZPB_BENCH_CPU_FILE,
    JSON.stringify({ ms: (u.user + u.system) / 1000, faults }),
  );
});
