"""Serves pybench's own compare() (from a pybench checkout) on the cases written by index.mjs.

Usage: python3 pybench_compare.py <pybench checkout> <cases.json>
Prints "ready", then answers each line "<case name>" with one compare() of that case, with its
own numpy default_rng(0) as pybench's CLI would pass one, as JSON {cpu_ms, meta_p, passed,
n_flagged}; "<case name> full" adds the per-slot p_values (for the parity check, not timed). The harness in index.mjs times each request (wall); cpu_ms is this
process's CPU time for that one call. The checkout's src/ goes on sys.path; nothing of pybench
is copied.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np

checkout, cases_path = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, str(checkout / "src"))
from pybench.stats import compare  # noqa: E402


def seed_scores(matrix):
    """{metric: [[seed0 step0, ...], ...]} -> pybench's {step: {metric: [value per seed]}}."""
    steps = len(next(iter(matrix.values()))[0])
    return {
        step: {metric: [row[step] for row in rows] for metric, rows in matrix.items()}
        for step in range(steps)
    }


cases = {
    case["name"]: (case, seed_scores(case["baseline"]), seed_scores(case["current"]))
    for case in json.load(open(cases_path))
}
print("ready", flush=True)
for line in sys.stdin:
    name, _, full = line.strip().partition(" ")
    case, base, cur = cases[name]
    c0 = time.process_time()
    result = compare(base, cur, alpha=case["alpha"], n_perm=case["n_perm"], rng=np.random.default_rng(0))
    cpu_ms = (time.process_time() - c0) * 1000
    reply = {
        "cpu_ms": cpu_ms,
        "meta_p": result.meta_p,
        "passed": result.passed,
        "n_flagged": result.n_flagged,
    }
    if full:
        reply["p_values"] = [[s.step, s.metric, s.p_value] for s in result.slots]
    print(json.dumps(reply), flush=True)
