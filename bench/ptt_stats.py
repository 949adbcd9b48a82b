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


def renewal(path, burn):
    """The top rung's renewal from the exactly sampled bottom, from the
    walkers' rung rows ("column walker round rung" TSV, rounds from 1):
    per column, the walkers' one-way passages bottom → top, and per round
    after burn whether the walker at the top has been at the bottom since
    the run began, and how many rounds ago it last was. A top state whose
    walker never touched the bottom descends from the run's start only.
    Returns (up passages per column, fraction of top states renewed,
    median rounds since the top walker's last bottom visit among the
    renewed, first round at which each column's top was renewed (0: never))."""
    d = np.loadtxt(path, dtype=np.int64, ndmin=2)
    c, w, t, k = d[:, 0], d[:, 1], d[:, 2], d[:, 3]
    cols = np.unique(c)
    nw, nt = w.max() + 1, t.max()
    top = k.max()
    up, ren, ages, first = [], [], [], []
    for col in cols:
        pos = np.full((nw, nt), -1)
        s = c == col
        pos[w[s], t[s] - 1] = k[s]
        last0 = np.full(nw, -1)
        lastend = np.full(nw, -1)  # the last extreme visited: 0 bottom, 1 top
        n_up, r, a, f = 0, 0, [], 0
        for j in range(nt):
            at0 = pos[:, j] == 0
            last0[at0] = j
            attop = pos[:, j] == top
            n_up += int(np.sum(attop & (lastend == 0)))
            lastend[at0], lastend[attop] = 0, 1
            wt = np.flatnonzero(attop)[0]
            if last0[wt] >= 0 and f == 0:
                f = j + 1
            if j >= burn:
                if last0[wt] >= 0:
                    r += 1
                    a.append(j - last0[wt])
        up.append(n_up)
        ren.append(r / (nt - burn))
        ages.extend(a)
        first.append(f)
    return np.array(up), float(np.mean(ren)), float(np.median(ages)) if ages else float("nan"), np.array(first)
