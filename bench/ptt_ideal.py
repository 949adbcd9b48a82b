"""The walkers' round trips of parallel trajectory tempering if each link k
accepted with a fixed probability a_k whatever the states (the index process
of the tempering theory, Syed et al. JRSS-B 2022), for the bottom-up order
of gibbs.Trajectory (every link each round, from the bottom up: a state
can climb several rungs in one round) and the deterministic even–odd one
(gibbs.SwapDEO). The yardstick for the round trips a real run makes: what
it falls short by is the acceptance's dependence on the state.

    /usr/bin/python3 bench/ptt_ideal.py "0.40 0.30 … 0.40"   (a_k bottom up; default 28 × 0.25)
"""
import sys

import numpy as np


def trips(acc, order, rounds, columns, seed=1):
    """Round trips (bottom, top, bottom) of all walkers over columns × rounds."""
    rng = np.random.default_rng(seed)
    K = len(acc) + 1
    n = 0
    for _ in range(columns):
        walker = list(range(K))  # walker[k]: the walker at rung k
        phase = [0] * K  # 1 going up (has been at the bottom), 2 going down (then at the top)
        phase[0] = 1
        for r in range(rounds):
            links = range(K - 1) if order == "bottom-up" else range(r % 2, K - 1, 2)
            for k in links:
                if rng.random() < acc[k]:
                    walker[k], walker[k + 1] = walker[k + 1], walker[k]
                    for w, at in ((walker[k], k), (walker[k + 1], k + 1)):
                        if at == 0:
                            n += phase[w] == 2
                            phase[w] = 1
                        elif at == K - 1 and phase[w] == 1:
                            phase[w] = 2
    return n


if __name__ == "__main__":
    acc = [float(x) for x in sys.argv[1].split()] if len(sys.argv) > 1 else [0.25] * 28
    R, C = 5000, 4
    for order in ("bottom-up", "deo"):
        t = trips(acc, order, R, C)
        print(f"{order}: {t} round trips in {C} columns × {R} rounds, {C * R / max(t, 1):.0f} column-rounds per round trip")
