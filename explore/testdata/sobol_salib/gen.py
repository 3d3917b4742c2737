#!/usr/bin/python3
"""Generate Sobol' index goldens with SALib's own sobol.analyze.

Usage (Debian bookworm python3 with python3-numpy, -pandas, -scipy from
apt; no PyPI):

    git clone https://github.com/SALib/SALib /tmp/salib   # commit in README.md
    /usr/bin/python3 gen.py /tmp/salib/src .

SALib's code is imported from the checkout and run unchanged.
SALib.util.problem imports the third-party `multiprocess` package (a fork
of the standard library's multiprocessing, used only by ProblemSpec's
parallel methods), which Debian does not package; the standard library's
module stands in for it, since analyze(parallel=False) never calls it.

The outputs are Ishigami (a = 7, b = 0.1) evaluations on a Saltelli layout
(SALib's row order: per base sample A, AB_1..AB_D, [BA_1..BA_D], B) whose A
and B matrices are drawn here with NumPy's PCG64 generator; written with
repr so that every float reads back exactly. The point estimates S1, ST
and S2 are deterministic; the confidence intervals depend on SALib's
resampling stream and are not recorded.
"""
import json
import multiprocessing
import os
import sys

import numpy as np

sys.modules.setdefault("multiprocess", multiprocessing)
sys.path.insert(0, sys.argv[1])
from SALib.analyze import sobol  # noqa: E402

out = sys.argv[2]
D = 3


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def saltelli_rows(A, B, second):
    rows = []
    for a, b in zip(A, B):
        rows.append(a)
        for j in range(D):
            r = a.copy()
            r[j] = b[j]
            rows.append(r)
        if second:
            for j in range(D):
                r = b.copy()
                r[j] = a[j]
                rows.append(r)
        rows.append(b)
    return np.array(rows)


problem = {"num_vars": D, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * D}
cases = [("ishigami_second", 1, True, 0.0), ("ishigami_offset_first", 2, False, 100.0)]
for name, seed, second, offset in cases:
    rng = np.random.default_rng(seed)
    N = 1024
    A = rng.uniform(-np.pi, np.pi, (N, D))
    B = rng.uniform(-np.pi, np.pi, (N, D))
    Y = ishigami(saltelli_rows(A, B, second)) + offset
    S = sobol.analyze(problem, Y, calc_second_order=second, num_resamples=100, seed=1)
    res = {
        "salib_call": f"sobol.analyze(problem, Y, calc_second_order={second}, num_resamples=100, seed=1)",
        "n": N, "second_order": second, "offset": offset,
        "y": [repr(float(v)) for v in Y],
        "S1": [float(v) for v in S["S1"]], "ST": [float(v) for v in S["ST"]],
    }
    if second:
        res["S2"] = [float(S["S2"][j, k]) for j in range(D) for k in range(j + 1, D)]  # pairs j < k
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(res, f)
        f.write("\n")
