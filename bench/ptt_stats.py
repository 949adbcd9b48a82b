"""Statistics shared by bench/ptt.sh's reports (imported with bench/ on sys.path)."""
import numpy as np


def tau(x):
    """Integrated autocorrelation time of x (chains × steps): Sokal's automatic
    window (the first W ≥ 5 τ(W)), the chains' autocovariance averaged, the
    rule of gibbs.IntegratedTime. Returns (τ, window, fitted)."""
    x = x - x.mean(axis=1, keepdims=True)
    n = x.shape[1]
    c0 = (x * x).mean()
    t = 1.0
    for w in range(1, n):
        t += 2 * (x[:, :-w] * x[:, w:]).mean() / c0
        if w >= 5 * t:
            return t, w, True
    return t, n - 1, False


def series(path, first):
    """The chain × step matrix of a "chain step value" TSV, steps after first."""
    d = np.loadtxt(path)
    d = d[d[:, 1] > first]
    c, s = d[:, 0].astype(int), d[:, 1].astype(int)
    out = np.zeros((c.max() + 1, s.max() - first))
    out[c, s - first - 1] = d[:, 2]
    return out
