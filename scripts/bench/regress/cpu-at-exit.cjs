// Preloaded into each timed zpbench process by index.mjs: writes the process's own CPU time
// (user + system, start-up included) to $ZPB_BENCH_CPU_FILE when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.cpuUsage();
  writeFileSync(process.env.ZPB_BENCH_CPU_FILE, JSON.stringify({ ms: (u.user + u.system) / 1000 }));
});
