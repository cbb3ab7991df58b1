"""Golden fixtures for lib/baselines from scikit-learn (Debian's python3-sklearn), the independent oracle.

    /usr/bin/python3 test/baselines/sklearn_fixtures.py > test/baselines/fixtures/sklearn.json

Prints JSON: multinomial logistic regression cases (coefficients, centred intercepts, probabilities), fully grown
decision trees (structure and probabilities), an extra-trees ensemble (each test point's mean and spread of the
per-tree probabilities, and of the per-tree importances: thresholds are random, so only their distribution can be
compared) and numpy's summary statistics (basic, robust and roughness). Inputs are multiples of 1/64, so they
are exact in float32 (sklearn's trees work in float32) and in float64 (ours). A tree case is kept only when
sklearn builds the same tree under 20 random_states: then no tie between features decided it, and a
deterministic implementation must find exactly that tree.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

warnings.filterwarnings("ignore")


def grid(rng, shape, lo=-2.0, hi=2.0):
    return np.round(rng.uniform(lo, hi, size=shape) * 64) / 64


def logreg_cases():
    rng = np.random.default_rng(7)
    n, d, k = 60, 4, 3
    x = grid(rng, (n, d))
    w = rng.normal(size=(k, d)) * 1.5
    logits = x @ w.T + np.array([1.0, 0.0, -0.5])
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in p])
    x_test = grid(rng, (10, d))
    cases = []
    for name, c, cw in [("C1-balanced", 1.0, "balanced"), ("C0.1-none", 0.1, None), ("C10-dict", 10.0, {0: 1.0, 1: 2.5, 2: 0.5})]:
        # newton-cg: sklearn's lbfgs stops on a relative objective change (ftol) with coefficients still ~1e-5 off the
        # optimum; newton-cg reaches it (same objective as ours to the last digits)
        m = LogisticRegression(multi_class="multinomial", solver="newton-cg", C=c, class_weight=cw, tol=1e-10, max_iter=1000)
        m.fit(x, y)
        weights = [cw.get(i, 1.0) for i in range(k)] if isinstance(cw, dict) else None
        cases.append({
            "name": name, "C": c, "classWeight": cw if isinstance(cw, str) or cw is None else weights,
            "coef": m.coef_.tolist(), "intercept": (m.intercept_ - m.intercept_.mean()).tolist(),
            "probaTest": m.predict_proba(x_test).tolist(),
        })
    return {"x": x.tolist(), "y": y.tolist(), "xTest": x_test.tolist(), "classes": k, "cases": cases}


def tree_structure(t):
    s = t.tree_
    value = s.value[:, 0, :]
    leaf = s.children_left < 0
    return {
        "feature": [int(f) if not l else -1 for f, l in zip(s.feature, leaf)],
        "threshold": [float(v) if not l else 0.0 for v, l in zip(s.threshold, leaf)],
        "left": s.children_left.tolist(),
        "right": s.children_right.tolist(),
        "value": [(row / row.sum()).tolist() if l else [] for row, l in zip(value, leaf)],
    }


def stable_tree(x, y, **kw):
    trees = [tree_structure(DecisionTreeClassifier(random_state=r, **kw).fit(x, y)) for r in range(20)]
    return trees[0] if all(t == trees[0] for t in trees) else None


def tree_cases():
    cases = []
    seed = 0
    while len(cases) < 3 and seed < 500:
        rng = np.random.default_rng(100 + seed)
        seed += 1
        n, d = 50, 3
        x = grid(rng, (n, d))
        score = x[:, 0] + 0.5 * x[:, 1] ** 2 + 0.3 * rng.normal(size=n)
        y = np.digitize(score, [0.4, 1.6])
        kind = ["plain", "balanced", "depth2-leaf3"][len(cases)]
        kw = {"plain": {}, "balanced": {"class_weight": "balanced"}, "depth2-leaf3": {"max_depth": 2, "min_samples_leaf": 3}}[kind]
        t = stable_tree(x, y, **kw)
        if t is None:
            continue
        x_test = grid(rng, (15, d))
        m = DecisionTreeClassifier(random_state=0, **kw).fit(x, y)
        cases.append({"name": kind, "options": kw, "x": x.tolist(), "y": y.tolist(), "xTest": x_test.tolist(),
                      "tree": t, "probaTest": m.predict_proba(x_test).tolist(),
                      "importances": m.feature_importances_.tolist()})
    return cases


EXTRA_TREES = 1000


def extra_trees_cases():
    rng = np.random.default_rng(11)
    n, d = 80, 4
    x = grid(rng, (n, d))
    score = x[:, 0] + 0.5 * x[:, 1] ** 2 + 0.3 * rng.normal(size=n)
    y = np.digitize(score, [0.4, 1.6])
    x_test = grid(rng, (20, d))
    cases = []
    # fully grown, and limited (a split leaving fewer than 5 rows on a side is rejected and still counts as tried)
    for name, kw in [("grown", {}), ("depth3-leaf5", {"max_depth": 3, "min_samples_leaf": 5})]:
        m = ExtraTreesClassifier(n_estimators=EXTRA_TREES, class_weight="balanced", max_features="sqrt", random_state=0, **kw).fit(x, y)
        per_tree = np.stack([e.predict_proba(x_test) for e in m.estimators_])
        importances = np.stack([e.feature_importances_ for e in m.estimators_])
        cases.append({"name": name, "options": kw, "x": x.tolist(), "y": y.tolist(), "xTest": x_test.tolist(), "trees": EXTRA_TREES,
                      "probaMean": per_tree.mean(0).tolist(), "probaSd": per_tree.std(0).tolist(),
                      "probaTest": m.predict_proba(x_test).tolist(),
                      "importanceMean": importances.mean(0).tolist(), "importanceSd": importances.std(0).tolist()})
    return cases


LOG_EPS = 1e-8


def stats_of(x):
    n = len(x)
    dx = np.diff(x)
    return {
        "x": x.tolist(),
        "mean": float(x.mean()), "std": float(x.std()), "min": float(x.min()), "max": float(x.max()),
        "q25": float(np.percentile(x, 25)), "median": float(np.percentile(x, 50)), "q75": float(np.percentile(x, 75)),
        "meanAbsDiff": float(np.abs(dx).mean()) if n > 1 else 0.0,
        "hfEnergy": float((np.diff(x, 2) ** 2).mean()) if n > 2 else 0.0,
        "q05": float(np.percentile(x, 5)), "q95": float(np.percentile(x, 95)),
        "iqr": float(np.percentile(x, 75) - np.percentile(x, 25)),
        "diffStd": float(dx.std()) if n > 1 else 0.0,
        "logMsDiff": float(np.log((dx ** 2).mean() + LOG_EPS)) if n > 1 else float(np.log(LOG_EPS)),
        "logMsDiff2": float(np.log((np.diff(x, 2) ** 2).mean() + LOG_EPS)) if n > 2 else float(np.log(LOG_EPS)),
        "maxAbsStep": float(np.abs(dx).max()) if n > 1 else 0.0,
    }


def stats_cases():
    rng = np.random.default_rng(3)
    out = [stats_of(rng.normal(size=n).round(4)) for n in (1, 2, 5, 160)]
    # a still channel (the log's ε decides) and a drifting one (diffStd ignores the drift, the mean square does not)
    out.append(stats_of(np.full(20, 0.625)))
    out.append(stats_of(np.arange(40) * 0.25 + rng.normal(size=40).round(4) * 0.01))
    return out


json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "logreg": logreg_cases(), "trees": tree_cases(),
           "extraTrees": extra_trees_cases(), "stats": stats_cases()}, sys.stdout)
sys.stdout.write("\n")
