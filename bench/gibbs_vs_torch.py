"""The PyTorch peer of gibbs.BenchmarkSweep for bench/gibbs.sh: block Gibbs
sweeps of 1000 chains on a random 784×500 Bernoulli RBM (W ~ N(0, 0.05²),
biases N(0, 0.1²)), float32, preallocated buffers and in-place operations.
Two ways to draw the units (torch.bernoulli, and a uniform compared with the
probabilities) at 1 and 2 intra-op threads; prints one line per variant,
"name sweeps_per_second" (the best of `repeats` timings), then
"best <name> <sweeps_per_second>".
    /usr/bin/python3 bench/gibbs_vs_torch.py [sweeps=100] [repeats=3] [chains=1000]"""
import sys, time
import torch

def run(draw, threads, sweeps, chains, n=784, m=500):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    W = torch.randn(n, m, generator=g) * 0.05
    Wt = W.t().contiguous()
    a = torch.randn(n, generator=g) * 0.1
    b = torch.randn(m, generator=g) * 0.1
    v = (torch.rand(chains, n, generator=g) < 0.5).float()
    h = torch.empty(chains, m)
    x, y = torch.empty(chains, m), torch.empty(chains, n)
    ux, uy = torch.empty(chains, m), torch.empty(chains, n)

    def sweep():
        torch.addmm(b, v, W, out=x)
        x.sigmoid_()
        if draw == "bernoulli":
            torch.bernoulli(x, generator=g, out=h)
        else:
            ux.uniform_(generator=g)
            torch.lt(ux, x, out=h)  # writes 0/1 into the float buffer
        torch.addmm(a, h, Wt, out=y)
        y.sigmoid_()
        if draw == "bernoulli":
            torch.bernoulli(y, generator=g, out=v)
        else:
            uy.uniform_(generator=g)
            torch.lt(uy, y, out=v)

    with torch.no_grad():
        for _ in range(3):
            sweep()
        start = time.perf_counter()
        for _ in range(sweeps):
            sweep()
        return sweeps / (time.perf_counter() - start)

if __name__ == "__main__":
    sweeps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    chains = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    best = ("", 0.0)
    for draw in ("bernoulli", "uniform"):
        for threads in (1, 2):
            name = f"torch-{draw}-t{threads}"
            rate = max(run(draw, threads, sweeps, chains) for _ in range(repeats))
            print(f"{name} {rate:.3f}")
            if rate > best[1]:
                best = (name, rate)
    print(f"best {best[0]} {best[1]:.3f}")
