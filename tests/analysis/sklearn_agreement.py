#!/usr/bin/python3
"""Checks the silhouette pass against scikit-learn and the burst fit cost against scipy.

    /usr/bin/python3 sklearn_agreement.py PATH_TO_analysis_driver [SEED]

Silhouettes: random similarity maps of 50 to 300 works (sparse and dense G(n, p) with uniform
weights, planted clusters, the cosine strength c_ij / sqrt(c_i c_j) of the co-citations of a
random citation network, maps with isolated works, singletons, unused cluster ids and weights of
exactly 0 and 1) with random clusters, against sklearn.metrics.silhouette_samples on the full
distance matrix D = 1 - W (1 without a link, 0 on the diagonal) with metric='precomputed'; the
per-cluster means against numpy's means of sklearn's values, the overall mean against
silhouette_score. Our pass never forms D: it sums the similarities of each work's links, so
the two sides round differently. a(i) and b(i) are means of at most 300 distances in [0, 1],
each side within about 300 eps = 7e-14 of the exact mean, so s = (b - a) / max(a, b) carries an
absolute error of that order whatever its size: s agrees when |ours - sklearn| <= 1e-12 *
max(|sklearn|, 0.1), relative to 1e-12 and, for s near 0 (the cancellation b - a), absolute
1e-13. One cluster (sklearn refuses it; ours reports no silhouette) and all singletons (sklearn
refuses it; ours gives 0 everywhere, Rousseeuw's convention) are checked apart.

Fit cost: sigma = burst_fit_cost(r, d, p) against -scipy.stats.binom.logpmf(r, d, p) for random
d up to 1e6 (log-uniform), r <= d (uniform, and r = 0, r = d, r near d p), p log-uniform in
(1e-9, 1) and 1 - p log-uniform, plus p = 1e-9, 0.5, 0.99999, 0 and 1. scipy computes
lgamma(d + 1) - lgamma(r + 1) - lgamma(d - r + 1) + xlogy(r, p) + xlog1py(d - r, -p) with the
Cephes lgamma, ours the same sum with the C library's lgamma: each term is within a few units in
the last place of its own size, and the terms reach d ln d = 1.3e7 while sigma near the mode is
about 7, so the error is relative to the size of the terms, T = |lgamma(d + 1)| +
|lgamma(r + 1)| + |lgamma(d - r + 1)| + |r ln p| + |(d - r) ln(1 - p)|, not to sigma: sigma
agrees when |ours - scipy| <= 16 eps T (eps = 2^-52). Infinite costs (r > 0 at p = 0, r < d at
p = 1) must be infinite on both sides. The worst errors are printed, relative to T and to |sigma|.

The exit status is 1 on any disagreement, 77 (skipped) when scikit-learn is not installed. The
seed is fixed (20240601) unless given as the second argument or in CITEGRAPH_TEST_SEED.
"""

import importlib.util
import math
import os
import random
import subprocess
import sys
import tempfile

if importlib.util.find_spec("sklearn") is None:
    print("SKIP: scikit-learn is not installed (python3-sklearn; scripts/install-deps.sh --test "
          "installs it)")
    sys.exit(77)

import numpy as np  # noqa: E402  (sklearn's dependencies, present with it)
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy.stats import binom  # noqa: E402
from sklearn.metrics import silhouette_samples, silhouette_score  # noqa: E402

S_RTOL = 1e-12
S_FLOOR = 0.1  # |s| below it is compared absolutely, to S_RTOL * S_FLOOR
COST_ULPS = 16  # sigma: |ours - scipy| <= COST_ULPS * eps * T
EPS = 2.0 ** -52


class Failures:
    def __init__(self):
        self.items = []
        self.worst = {}  # measure -> (error, where)

    def record(self, measure, err, where, tolerance):
        if math.isnan(err):
            err = math.inf
        if err > self.worst.get(measure, (-1.0, None))[0]:
            self.worst[measure] = (err, where)
        if err > tolerance:
            self.items.append((measure, err, where))


def write_lines(directory, name, lines):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def run_silhouette(driver, n, edges, labels, threads):
    with tempfile.TemporaryDirectory() as tmp:
        edge_file = write_lines(tmp, "edges.txt", [f"{a} {b} {w!r}" for a, b, w in edges])
        membership = write_lines(tmp, "membership.txt", [str(c) for c in labels])
        out = subprocess.run([driver, "silhouette", edge_file, membership, f"threads={threads}"],
                             check=True, capture_output=True, text=True).stdout
    header, clusters, works = {}, {}, {}
    for line in out.splitlines():
        fields = line.split()
        if line.startswith("# silhouette"):
            header = dict(f.split("=") for f in fields[2:])
        elif line.startswith("# cluster"):
            values = dict(f.split("=") for f in fields[3:])
            clusters[int(fields[2])] = (int(values["size"]), float(values["mean"]))
        elif line and not line.startswith("#"):
            works[int(fields[0])] = float(fields[1])
    if header.get("defined") == "1" and len(works) != n:
        raise SystemExit(f"driver printed {len(works)} silhouettes for {n} works")
    return header, clusters, works


def distance_matrix(n, edges):
    d = np.ones((n, n))
    np.fill_diagonal(d, 0.0)
    for a, b, w in edges:
        d[a, b] = d[b, a] = 1.0 - w
    return d


def s_error(x, y):
    return abs(x - y) / max(abs(y), S_FLOOR)


def silhouette_case(driver, failures, name, n, edges, labels, threads=2):
    header, clusters, ours = run_silhouette(driver, n, edges, labels, threads)
    if header.get("defined") != "1":
        failures.items.append((name, "silhouette not defined", header, None))
        return
    d = distance_matrix(n, edges)
    theirs = silhouette_samples(d, labels, metric="precomputed")
    for i in range(n):
        failures.record("s(i)", s_error(ours[i], theirs[i]), (name, i, ours[i], theirs[i]), S_RTOL)
    labels = np.asarray(labels)
    for c, (size, mean) in clusters.items():
        members = theirs[labels == c]
        if size != len(members):
            failures.items.append((name, f"cluster {c} size", size, len(members)))
        elif size > 0:
            failures.record("cluster mean", s_error(mean, float(np.mean(members))),
                            (name, c, mean, float(np.mean(members))), S_RTOL)
    score = float(silhouette_score(d, labels, metric="precomputed"))
    failures.record("overall mean", s_error(float(header["mean"]), score),
                    (name, header["mean"], score), S_RTOL)
    print(f"  {name}: n={n} pairs={len(edges)} clusters={header['clusters']} "
          f"mean={score:.6f}")


def gnp_map(rng, n, density, weight):
    return [(b, a, weight()) if rng.random() < 0.5 else (a, b, weight())
            for a in range(n) for b in range(a + 1, n) if rng.random() < density]


def planted_map(rng, n, k, inside, outside):
    labels = [rng.randrange(k) for _ in range(n)]
    edges = []
    for a in range(n):
        for b in range(a + 1, n):
            same = labels[a] == labels[b]
            if rng.random() < (inside if same else outside):
                edges.append((a, b, rng.uniform(0.5, 1.0) if same else rng.uniform(0.0, 0.5)))
    return labels, edges


def cosine_cocitation_map(rng, n, sources, refs):
    """c_ij / sqrt(c_i c_j) of the works co-cited by random sources (preferring the cited)."""
    cited = [0] * n
    pair = {}
    popularity = [1.0] * n
    for _ in range(sources):
        chosen = set()
        for _ in range(rng.randint(1, refs)):
            chosen.add(rng.choices(range(n), weights=popularity)[0])
        chosen = sorted(chosen)
        for i, a in enumerate(chosen):
            cited[a] += 1
            popularity[a] += 1.0
            for b in chosen[i + 1:]:
                pair[(a, b)] = pair.get((a, b), 0) + 1
    return [(a, b, c / math.sqrt(cited[a] * cited[b])) for (a, b), c in pair.items()]


def random_labels(rng, n, k):
    """Random clusters with every id < n; ids drawn from a spread-out set leave some unused."""
    ids = rng.sample(range(n), k)
    labels = [rng.choice(ids) for _ in range(n)]
    labels[:2] = ids[:2]  # at least two clusters
    return labels


def silhouette_cases(driver, failures, rng):
    for n in (50, 120, 300):
        for density in (0.02, 0.2):
            edges = gnp_map(rng, n, density, lambda: rng.uniform(0.0, 1.0))
            silhouette_case(driver, failures, f"gnp({n}, {density}) uniform", n, edges,
                            random_labels(rng, n, rng.randint(2, 20)), threads=rng.randint(1, 3))
    edges = gnp_map(rng, 80, 1.0, lambda: rng.uniform(0.9, 1.0))
    silhouette_case(driver, failures, "complete(80) weights in [0.9, 1]", 80, edges,
                    random_labels(rng, 80, 4))
    labels, edges = planted_map(rng, 200, 6, 0.6, 0.02)
    silhouette_case(driver, failures, "planted(200, 6 clusters)", 200, edges, labels)
    edges = cosine_cocitation_map(rng, 250, 600, 12)
    silhouette_case(driver, failures, "cosine co-citation(250 works, 600 sources)", 250, edges,
                    random_labels(rng, 250, 15))
    # Isolated works, singleton clusters, weights of exactly 0 and 1.
    edges = gnp_map(rng, 100, 0.05, lambda: rng.choice([0.0, 1.0, rng.random()]))
    labels = random_labels(rng, 100, 5)
    labels[90:] = range(90, 100)  # ten singletons
    silhouette_case(driver, failures, "gnp(100, 0.05) weights 0, 1, uniform; 10 singletons",
                    100, edges, labels)


def silhouette_undefined(driver, failures, rng):
    n = 60
    edges = gnp_map(rng, n, 0.1, rng.random)
    header, _, works = run_silhouette(driver, n, edges, [3] * n, 1)
    if header.get("defined") != "0" or works:
        failures.items.append(("one cluster", "defined", header, len(works)))
    try:
        silhouette_samples(distance_matrix(n, edges), [3] * n, metric="precomputed")
        failures.items.append(("one cluster", "sklearn accepted it", None, None))
    except ValueError:
        pass
    header, _, works = run_silhouette(driver, n, edges, list(range(n)), 1)
    if header.get("defined") != "1" or any(s != 0.0 for s in works.values()):
        failures.items.append(("all singletons", "not all 0", header, None))
    print("  one cluster: no silhouette (sklearn refuses it too); all singletons: every s = 0")


def run_fit_cost(driver, cases):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_lines(tmp, "rdp.txt", [f"{r} {d} {p!r}" for r, d, p in cases])
        out = subprocess.run([driver, "fitcost", path], check=True, capture_output=True,
                             text=True).stdout
    return [float(line.split()[3]) for line in out.splitlines()]


def fit_cost_cases(rng):
    ps = [1e-9, 0.5, 0.99999]
    ps += [10.0 ** rng.uniform(-9, 0) for _ in range(20)]
    ps += [1.0 - 10.0 ** rng.uniform(-9, -0.3) for _ in range(10)]
    cases = []
    for p in ps:
        for _ in range(40):
            d = min(10 ** 6, int(10.0 ** rng.uniform(0, 6)))
            cases.append((rng.randint(0, d), d, p))
            cases.append((min(d, max(0, round(d * p + rng.gauss(0, 3)))), d, p))  # near the mode
        for d in (0, 1, 2, 1000, 10 ** 6):
            cases += [(0, d, p), (d, d, p)]
    for d in (0, 1, 7, 10 ** 6):
        cases += [(0, d, 0.0), (d, d, 1.0)]
        if d > 0:
            cases += [(1, d, 0.0), (d - 1, d, 1.0)]  # impossible: cost +inf
    return cases


def fit_cost_check(driver, failures, rng):
    cases = fit_cost_cases(rng)
    ours = run_fit_cost(driver, cases)
    worst_sigma = (0.0, None)
    for (r, d, p), x in zip(cases, ours):
        y = -float(binom.logpmf(r, d, p))
        where = (r, d, p, x, y)
        if math.isinf(y) or math.isinf(x):
            failures.record("sigma infinite", 0.0 if x == y else math.inf, where, 0.0)
            continue
        terms = (abs(math.lgamma(d + 1)) + abs(math.lgamma(r + 1)) + abs(math.lgamma(d - r + 1))
                 + (abs(r * math.log(p)) if r else 0.0)
                 + (abs((d - r) * math.log1p(-p)) if d > r else 0.0))
        err = abs(x - y)
        failures.record("sigma (in eps T)", err / (EPS * terms) if err else 0.0, where, COST_ULPS)
        if y != 0.0 and err / abs(y) > worst_sigma[0]:
            worst_sigma = (err / abs(y), where)
    print(f"  fit cost: {len(cases)} (r, d, p), d up to 1e6; worst |ours - scipy| / |sigma| = "
          f"{worst_sigma[0]:.3e} at {worst_sigma[1]}")
    for bad, message in (("3 2 0.5", "r = 3 exceeds d = 2"), ("1 2 1.5", "p = 1.5")):
        with tempfile.TemporaryDirectory() as tmp:
            path = write_lines(tmp, "rdp.txt", [bad])
            done = subprocess.run([driver, "fitcost", path], capture_output=True, text=True)
        if done.returncode != 1 or message not in done.stderr:
            failures.items.append(("fit cost refuses", bad, done.returncode, done.stderr))


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: sklearn_agreement.py PATH_TO_analysis_driver [SEED]")
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(
        os.environ.get("CITEGRAPH_TEST_SEED", "20240601"))
    rng = random.Random(seed)
    print(f"scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, seed {seed}")
    failures = Failures()
    silhouette_cases(driver, failures, rng)
    silhouette_undefined(driver, failures, rng)
    fit_cost_check(driver, failures, rng)
    print("worst error per measure (s: |ours - sklearn| / max(|sklearn|, 0.1); "
          "sigma: |ours - scipy| / (eps T)):")
    for measure, (err, where) in failures.worst.items():
        print(f"  {measure:20s} {err:.3e}  [{where}]")
    if failures.items:
        print(f"{len(failures.items)} disagreements; first ones:")
        for failure in failures.items[:20]:
            print("  ", failure)
        return 1
    print(f"all agree: s within {S_RTOL:g} (floor {S_FLOOR:g}), sigma within {COST_ULPS} eps T")
    return 0


if __name__ == "__main__":
    sys.exit(main())
