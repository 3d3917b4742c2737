#!/usr/bin/python3
"""Generate PRIM golden trajectories with the EMA Workbench's own prim module.

Usage (Debian bookworm python3 with python3-numpy, -pandas, -scipy,
-matplotlib, -seaborn, -sklearn from apt; no PyPI):

    git clone https://github.com/quaquel/EMAworkbench /tmp/ema   # commit in README.md
    PYTHONHASHSEED=0 /usr/bin/python3 gen.py /tmp/ema .

It writes the data sets it generates (data_*.csv, drawn here with NumPy's
PCG64 generator at fixed seeds) and one JSON file per case. EMA's code is
imported from the checkout and run unchanged; only modules PRIM does not
use are stubbed: ema_workbench/__init__.py and analysis/__init__.py pull in
the whole workbench, and em_framework/util.py uses Python 3.12 syntax that
Debian bookworm's Python 3.11 cannot parse (prim.py only imports two type
aliases from it), and sklearn.metrics.root_mean_squared_error, which only
RegressionPrim uses, is missing from bookworm's scikit-learn 1.2. NumPy
1.24 lacks np.bool, which NumPy 2 (EMA's target) has as np.bool_; the
alias is set.
"""
import importlib.util
import json
import os
import sys
import time
import types

import numpy as np
import pandas as pd

ema_root, out = sys.argv[1], sys.argv[2]

# EMA targets NumPy 2, where np.bool is the NumPy boolean scalar type again;
# bookworm's NumPy 1.24 lacks the alias, so it is restored with that meaning.
if not hasattr(np, "bool_") or "bool" not in np.__dict__:
    np.bool = np.bool_
pkg = os.path.join(ema_root, "ema_workbench")


def package(name, path):
    m = types.ModuleType(name)
    m.__path__ = [path]
    sys.modules[name] = m
    return m


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    sys.modules[name] = m
    spec.loader.exec_module(m)
    return m


package("ema_workbench", pkg)
package("ema_workbench.em_framework", os.path.join(pkg, "em_framework"))
emu = types.ModuleType("ema_workbench.em_framework.util")
emu.NumpySeedLike = object
emu.RNGLike = object
sys.modules["ema_workbench.em_framework.util"] = emu
load("ema_workbench.util", os.path.join(pkg, "util", "__init__.py"))
package("ema_workbench.analysis", os.path.join(pkg, "analysis"))
# prim.py imports sklearn.metrics.root_mean_squared_error (new in
# scikit-learn 1.4) for RegressionPrim only; bookworm has 1.2.
import sklearn.metrics  # noqa: E402

if not hasattr(sklearn.metrics, "root_mean_squared_error"):
    def _unused(*a, **k):
        raise RuntimeError("RegressionPrim is not used here")
    sklearn.metrics.root_mean_squared_error = _unused
prim = load("ema_workbench.analysis.prim", os.path.join(pkg, "analysis", "prim.py"))


def numeric_data(seed, n):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({
        "a": rng.uniform(0, 1, n),
        "b": rng.uniform(0, 10, n),
        "c": np.round(rng.uniform(0, 1, n), 2),  # ties: 101 distinct values
        "d": np.round(rng.normal(0, 1, n), 1),   # heavy ties
        "e": rng.uniform(-1, 1, n),
    })
    p = 0.08 + 0.8 * ((x.a > 0.55) & (x.b < 4.5)) + 0.1 * (x.c > 0.7)
    y = (rng.uniform(0, 1, n) < p).astype(int)
    return x, y


def mixed_data(seed, n):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({
        "a": rng.uniform(0, 1, n),
        "b": np.round(rng.uniform(0, 5, n), 1),
        "e": rng.uniform(0, 1, n),
        "policy": rng.choice(["p1", "p2", "p3", "p4"], n),
        "flag": rng.uniform(0, 1, n) < 0.5,
    })
    p = (0.05 + 0.6 * ((x.a > 0.6) & x.policy.isin(["p2", "p3"]))
         + 0.3 * (x.b < 1.5) + 0.1 * x.flag)
    y = (rng.uniform(0, 1, n) < np.minimum(p, 1)).astype(int)
    return x, y


def write_data(name, x, y):
    with open(os.path.join(out, name), "w") as f:
        f.write(",".join(list(x.columns) + ["y"]) + "\n")
        for i in range(len(y)):
            row = []
            for c in x.columns:
                v = x[c].iloc[i]
                if isinstance(v, (bool, np.bool_)):
                    row.append("true" if v else "false")
                elif isinstance(v, str):
                    row.append(v)
                else:
                    row.append(repr(float(v)))
            f.write(",".join(row + [str(int(y[i]))]) + "\n")


def limits(box_lim):
    out = {}
    for c in box_lim.columns:
        lo, hi = box_lim.loc[0, c], box_lim.loc[1, c]
        if isinstance(lo, set):
            out[c] = sorted(str(v).lower() if isinstance(v, (bool, np.bool_)) else v for v in lo)
        else:
            out[c] = [float(lo), float(hi)]
    return out


def trajectory(box):
    t = box.peeling_trajectory
    rows = []
    for i in range(len(t)):
        rows.append({
            "n": int(t.loc[i, "n"]), "k": int(t.loc[i, "k"]),
            "mass": float(t.loc[i, "mass"]), "coverage": float(t.loc[i, "coverage"]),
            "density": float(t.loc[i, "density"]), "res_dim": int(t.loc[i, "res_dim"]),
            "limits": limits(box.box_lims[i]),
        })
    return rows


def dump(name, call, data, opts, boxes):
    with open(os.path.join(out, name), "w") as f:
        json.dump({"ema_call": call, "data": data, "options": opts, "boxes": boxes}, f, indent=1)
        f.write("\n")


xn, yn = numeric_data(20261205, 1000)
write_data("data_numeric.csv", xn, yn)
xm, ym = mixed_data(17, 1200)
write_data("data_mixed.csv", xm, ym)

for data, x, y in [("data_numeric.csv", xn, yn), ("data_mixed.csv", xm, ym)]:
    for alpha in (0.05, 0.1):
        for obj in ("lenient1", "lenient2", "original"):
            call = (f"Prim(x, y, obj_function=PRIMObjectiveFunctions('{obj}'), "
                    f"peel_alpha={alpha}, paste_alpha=0.05, mass_min=0.05).find_box()")
            p = prim.Prim(x, y, obj_function=prim.PRIMObjectiveFunctions(obj),
                          peel_alpha=alpha, paste_alpha=0.05, mass_min=0.05)
            box = p.find_box()
            stem = data[len("data_"):-len(".csv")]
            opts = {"objective": obj, "peel_alpha": alpha, "paste_alpha": 0.05, "mass_min": 0.05}
            dump(f"{stem}_{obj}_{alpha}.json", call, data, opts, [{"trajectory": trajectory(box)}])

# The covering workflow: choose a point, drop one of its restrictions,
# find a second box on the points left.
p = prim.Prim(xm, ym, peel_alpha=0.1)
b1 = p.find_box()
sel = 8
b1.select(sel)
b1.drop_restriction("e")
b2 = p.find_box()
dump("mixed_cover.json",
     f"p = Prim(x, y, peel_alpha=0.1); b1 = p.find_box(); b1.select({sel}); "
     "b1.drop_restriction('e'); b2 = p.find_box()",
     "data_mixed.csv",
     {"objective": "lenient1", "peel_alpha": 0.1, "paste_alpha": 0.05, "mass_min": 0.05},
     [{"select": sel, "drop": "e", "trajectory": trajectory(b1)}, {"trajectory": trajectory(b2)}])

# Timing for the speed benchmark: 5,000 x 10 uniform inputs.
rng = np.random.default_rng(5000)
xb = pd.DataFrame(rng.uniform(0, 1, (5000, 10)), columns=[f"x{i}" for i in range(10)])
yb = ((xb.x0 > 0.5) & (xb.x1 < 0.4) | (rng.uniform(0, 1, 5000) < 0.05)).astype(int).values
times, cpu = [], []
for _ in range(5):
    t0, c0 = time.perf_counter(), time.process_time()
    bb = prim.Prim(xb, yb, peel_alpha=0.05).find_box()
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(f"EMA find_box on 5000x10 (peel_alpha 0.05): best of 5 {min(times)*1e3:.1f} ms wall, "
      f"{min(cpu)*1e3:.1f} ms CPU, {len(bb.peeling_trajectory)} boxes")
