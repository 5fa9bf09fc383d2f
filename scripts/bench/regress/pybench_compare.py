"""Times pybench's own compare() (from a pybench checkout) on the cases written by index.mjs.

Usage: python3 pybench_compare.py <pybench checkout> <cases.json> <repeats>
Prints {case: {ms: [...], cpu_ms: [...], meta_p, passed, n_flagged, p_values}} as JSON. The checkout's
src/ goes on sys.path; nothing of pybench is copied. Each case is timed `repeats` times after one
warm-up call, each call with its own numpy default_rng(seed) as pybench's CLI would pass one.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np

checkout, cases_path, repeats = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sys.path.insert(0, str(checkout / "src"))
from pybench.stats import compare  # noqa: E402


def seed_scores(matrix):
    """{metric: [[seed0 step0, ...], ...]} -> pybench's {step: {metric: [value per seed]}}."""
    steps = len(next(iter(matrix.values()))[0])
    return {
        step: {metric: [row[step] for row in rows] for metric, rows in matrix.items()}
        for step in range(steps)
    }


out = {}
for case in json.load(open(cases_path)):
    base, cur = seed_scores(case["baseline"]), seed_scores(case["current"])
    run = lambda: compare(  # noqa: E731
        base, cur, alpha=case["alpha"], n_perm=case["n_perm"], rng=np.random.default_rng(0)
    )
    result = run()
    ms, cpu_ms = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - c0) * 1000)
    out[case["name"]] = {
        "ms": ms,
        "cpu_ms": cpu_ms,
        "meta_p": result.meta_p,
        "passed": result.passed,
        "n_flagged": result.n_flagged,
        "p_values": [[s.step, s.metric, s.p_value] for s in result.slots],
    }
print(json.dumps(out))
