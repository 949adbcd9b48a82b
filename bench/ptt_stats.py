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


def walks(path, burn):
    """How the walkers move, from their rung rows ("column walker round rung"
    TSV, rounds from 1), over the rounds after burn. Returns a dict:
    persistence: P(a walker's move goes the way its previous move went) —
      0.5 for a walk whose moves are independent, below 0.5 when a walker
      that just moved tends to be sent back (its state still typical of
      the rung it came from: the sweeps between exchanges do not relax it);
    up: per rung k, how many walkers (over columns) that visited the bottom
      also reached k; down: how many that visited the top also reached k —
      where up falls and down has not risen, walkers from below and from
      above stay apart (a barrier the links' mean acceptance need not show);
    reach: per column and walker, (lowest, highest) rung visited."""
    d = np.loadtxt(path, dtype=np.int64, ndmin=2)
    c, w, t, k = d[:, 0], d[:, 1], d[:, 2], d[:, 3]
    nw, nt, K = w.max() + 1, t.max(), k.max() + 1
    same = moves = 0
    up, down = np.zeros(K, dtype=np.int64), np.zeros(K, dtype=np.int64)
    reach = {}
    for col in np.unique(c):
        pos = np.full((nw, nt), -1)
        s = c == col
        pos[w[s], t[s] - 1] = k[s]
        pos = pos[:, burn:]
        for wk in range(nw):
            r = pos[wk]
            r = r[r >= 0]
            if len(r) == 0:
                continue
            reach[(int(col), wk)] = (int(r.min()), int(r.max()))
            if r.min() == 0:
                up[: r.max() + 1] += 1
            if r.max() == K - 1:
                down[r.min():] += 1
            step = np.sign(np.diff(r))
            step = step[step != 0]
            same += int(np.sum(step[1:] == step[:-1]))
            moves += max(len(step) - 1, 0)
    return {"persistence": same / moves if moves else float("nan"), "up": up, "down": down, "reach": reach}


def mixing_report(mix, walk_tsv, burn, rounds, columns, t_ptt):
    """Print PTT's mixing lines from the -mixing stream's rows (mix: lists of
    the columns what,rung,chain,walker,value,window,ok as rbm-cat prints them;
    walk_tsv: the walkers' rung rows as "column walker round rung"):
    the walkers' τ and round trips, the acceptance per link, the walkers'
    travel, the commute-time yardstick, per column the round trips and τ of
    the top rung's F, the renewal from the bottom (renewal), and the CPU s per
    round per rung per column of a run of t_ptt CPU s (burn + rounds rounds,
    columns columns)."""
    summary = lambda what: [r for r in mix if r[0] == what and r[2] == "-1"][0]
    p_rung = summary("tau_rung")
    acc = np.array([float(r[4]) for r in mix if r[0] == "acceptance"])
    trips = float(summary("round_trips")[4])
    K = len(acc) + 1
    lo, hi = {}, {}  # each recorded walker's lowest and highest rung over all rounds
    for r in mix:
        if r[0] == "rung":
            key, k = (r[2], r[3]), int(r[1])
            lo[key], hi[key] = min(lo.get(key, k), k), max(hi.get(key, k), k)
    print(f"PTT tau_int of the walkers' rung index: {float(p_rung[4]):.1f} rounds (window {p_rung[5]}, ok {p_rung[6]}); round trips {trips:.0f} ({columns} columns x {K} walkers)")
    print(f"PTT acceptance over {len(acc)} links: lowest {acc.min():.3f}, median {np.median(acc):.3f}, mean {acc.mean():.3f}, highest {acc.max():.3f}; "
          f"under 0.1: {(acc < 0.1).sum()}, under 0.01: {(acc < 0.01).sum()}; bottom link {acc[0]:.3f}")
    if lo:
        span = np.array([hi[k] - lo[k] for k in lo])
        print(f"PTT walkers' travel (first 10 columns): rungs spanned, median {np.median(span):.0f}, max {span.max()} of {K - 1}")
    print(f"random walk's commute time K * sum_k 1/a_k: {K * np.sum(1 / np.maximum(acc, 1e-9)):.3g} rounds")
    print("PTT acceptance per link, bottom up: " + " ".join(f"{a:.2f}" for a in acc))
    # Per column (an independent system of K walkers: fewer -chains keep its
    # statistics and only have fewer columns): round trips of its walkers, the
    # rounds one costs, τ of the top rung's F.
    ct = {}
    for r in mix:
        if r[0] == "round_trips" and r[2] != "-1" and r[3] != "-1":
            ct[r[2]] = ct.get(r[2], 0) + float(r[4])
    ct = np.array(list(ct.values()))
    ctau = np.array([float(r[4]) for r in mix if r[0] == "tau_energy" and r[2] != "-1"])
    cok = np.array([r[6] in ("true", "1") for r in mix if r[0] == "tau_energy" and r[2] != "-1"])
    if len(ct):
        print(f"PTT round trips per column: mean {ct.mean():.2f}, columns with >= 1: {(ct >= 1).sum()} of {len(ct)}, most {ct.max():.0f}")
    if len(ctau):
        print(f"PTT tau_int of the top rung's F per column: median {np.median(ctau):.1f}, 10-90% {np.percentile(ctau, 10):.1f}-{np.percentile(ctau, 90):.1f} rounds; windows fitted {cok.sum()} of {len(ctau)}")
    up, ren, age, first = renewal(walk_tsv, burn)
    print(f"PTT walkers' one-way passages bottom -> top per column (first {len(up)} columns): {' '.join(str(u) for u in up)}; "
          f"first round the top held a walker from the bottom: {' '.join(str(f) if f else 'never' for f in first)}")
    print(f"PTT top states after the burn-in whose walker has been at the bottom: {100 * ren:.0f}% (median {age:.0f} rounds since its last visit)")
    print(f"PTT CPU s per round per rung per column: {t_ptt / (burn + rounds) / K / columns:.3g} (whole run, {K} rungs with the bottom)")


if __name__ == "__main__":
    import sys
    # python3 bench/ptt_stats.py walks RUNGS.tsv BURN: the walkers' moves
    # (walks) of a mixing stream's rung rows, printed.
    if len(sys.argv) == 4 and sys.argv[1] == "walks":
        out = walks(sys.argv[2], int(sys.argv[3]))
        print(f"persistence {out['persistence']:.3f} (0.5: moves independent; below: walkers sent back)")
        print("rung k, bottom up, walkers that visited the bottom and reached k / the top and reached k:")
        print(" ".join(f"{k}:{u}/{d}" for k, (u, d) in enumerate(zip(out["up"], out["down"]))))
    else:
        sys.exit("usage: ptt_stats.py walks RUNGS.tsv BURN  (RUNGS.tsv: rbm-cat -no-header -columns chain,walker,round,rung of the rung rows)")
