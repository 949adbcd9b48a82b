"""The PyTorch peer of trajectory.BenchmarkUpdate for bench/logz.sh: one
update of trajectory AIS on a 784×500 Bernoulli RBM with `chains` chains:
a block Gibbs sweep under the current model (float32 products, units drawn
by comparing uniforms with the probabilities), the free energies of the
chains under it, a small change of W (as a training update), the free
energies under the new model, and the log weights' increments, the free
energies' softplus sums in float64 as in rbmkit. The model is random (W ~
N(0, 0.01²), visible biases −2 so the states are sparse like MNIST's, as
in the Go benchmark). Prints "threads updates/s updates/CPU-s" for 1 and 2
intra-op threads (best of `repeats` timings) and the same per CPU second
of the process (time.process_time: robust on a loaded machine), then
"best <updates/s>". With sweeps > 1 an update makes that many sweeps
before its free energies (rbm-train -logz-sweeps).
    /usr/bin/python3 bench/logz_torch.py [updates=50] [repeats=3] [chains=128] [sweeps=1]"""
import sys, time
import torch
import torch.nn.functional as F

def run(threads, updates, chains, sweeps=1):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    n, m = 784, 500
    W = torch.randn(n, m, generator=g) * 0.01
    a = torch.full((n,), -2.0)
    b = torch.zeros(m)
    v = (torch.rand(chains, n, generator=g) < 0.12).float()
    lw = torch.zeros(chains, dtype=torch.float64)
    def free(v, W, a, b):
        x = torch.addmm(b, v, W).double()
        return -(v.double() @ a.double()) - F.softplus(x).sum(1)
    def update():
        nonlocal v, W
        for _ in range(sweeps):
            ph = torch.sigmoid(torch.addmm(b, v, W))
            h = (torch.rand(ph.shape, generator=g) < ph).float()
            pv = torch.sigmoid(torch.addmm(a, h, W.t()))
            v = (torch.rand(pv.shape, generator=g) < pv).float()
        f_old = free(v, W, a, b)
        W.add_(1e-4)  # the training update (its cost is not the estimator's)
        f_new = free(v, W, a, b)
        lw.add_(f_old - f_new)
    for _ in range(5):
        update()
    t, c = time.perf_counter(), time.process_time()
    for _ in range(updates):
        update()
    return updates / (time.perf_counter() - t), updates / (time.process_time() - c)

def main():
    updates = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    chains = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    sweeps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    best = 0
    for threads in (1, 2):
        rs = [run(threads, updates, chains, sweeps) for _ in range(repeats)]
        r, rc = max(x[0] for x in rs), max(x[1] for x in rs)
        print(threads, f"{r:.2f}", f"{rc:.2f}")
        best = max(best, r)
    print("best", f"{best:.2f}")

main()
