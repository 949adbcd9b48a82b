"""Peer of bench/svd.sh: numpy.linalg.svd of a Gaussian N(0, 0.01²) float32
weight matrix, converted to float64 as rbm-svd does, values only and with
the thin vectors. Prints one line per shape and job: NxM job seconds (the
best of REPEATS rounds of ITERS calls each).

    svd_numpy.py REPEATS ITERS 784x500 784x2000 ..."""
import sys, time
import numpy as np

def best(f, repeats, iters):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iters):
            f()
        times.append((time.perf_counter() - start) / iters)
    return min(times)

if __name__ == "__main__":
    repeats, iters = int(sys.argv[1]), int(sys.argv[2])
    for shape in sys.argv[3:]:
        n, m = map(int, shape.split("x"))
        w = (np.random.default_rng(20).standard_normal((n, m)) * 0.01).astype(np.float32)
        values = best(lambda: np.linalg.svd(w.astype(np.float64), compute_uv=False), repeats, iters)
        vectors = best(lambda: np.linalg.svd(w.astype(np.float64), full_matrices=False), repeats, iters)
        print(f"{shape} values {values:.6f}")
        print(f"{shape} vectors {vectors:.6f}")
