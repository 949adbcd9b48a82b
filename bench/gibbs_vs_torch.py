"""The PyTorch peer of gibbs.BenchmarkSweep and BenchmarkSweepTrained for
bench/gibbs.sh: block Gibbs sweeps of 1000 chains on a 784×500 Bernoulli RBM,
float32, preallocated buffers and in-place operations: a random model (W ~
N(0, 0.05²), biases N(0, 0.1²)) with chains started from noise, or, given
MODEL and IMAGES, the model in the JSON object {"W": [N·M floats,
row-major], "a": [...], "b": [...]} (one line of `rbm-cat -f jsonl -full
-columns W,a,b`) with chains started from the first digits of the IDX file
IMAGES binarized at 128. Chains make 20 sweeps before the timing, as in the
Go benchmarks. Two ways to draw the
units (torch.bernoulli, and a uniform compared with the probabilities) at 1
and 2 intra-op threads; prints one line per variant, "name
sweeps_per_second" (the best of `repeats` timings), then
"best <name> <sweeps_per_second>".
    /usr/bin/python3 bench/gibbs_vs_torch.py [sweeps=100] [repeats=3] [chains=1000] [MODEL IMAGES]"""
import gzip, json, sys, time
import torch

def digits(path, count):
    with gzip.open(path) as f:
        data = f.read()
    x = torch.frombuffer(bytearray(data[16:16 + 784 * count]), dtype=torch.uint8).reshape(count, 784)
    return (x >= 128).float()

def model(path, n=784, m=500):
    g = torch.Generator().manual_seed(1)
    if path is None:
        return torch.randn(n, m, generator=g) * 0.05, torch.randn(n, generator=g) * 0.1, torch.randn(m, generator=g) * 0.1
    with open(path) as f:
        d = json.load(f)
    a, b = torch.tensor(d["a"], dtype=torch.float32), torch.tensor(d["b"], dtype=torch.float32)
    return torch.tensor(d["W"], dtype=torch.float32).reshape(len(a), len(b)), a, b

def run(draw, threads, sweeps, chains, params, start):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    W, a, b = params
    n, m = W.shape
    Wt = W.t().contiguous()
    v = (torch.rand(chains, n, generator=g) < 0.5).float() if start is None else start.clone()
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
        for _ in range(20):
            sweep()
        start = time.perf_counter()
        for _ in range(sweeps):
            sweep()
        return sweeps / (time.perf_counter() - start)

if __name__ == "__main__":
    sweeps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    chains = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    params = model(sys.argv[4] if len(sys.argv) > 4 else None)
    start = digits(sys.argv[5], chains) if len(sys.argv) > 5 else None
    best = ("", 0.0)
    for draw in ("bernoulli", "uniform"):
        for threads in (1, 2):
            name = f"torch-{draw}-t{threads}"
            rate = max(run(draw, threads, sweeps, chains, params, start) for _ in range(repeats))
            print(f"{name} {rate:.3f}")
            if rate > best[1]:
                best = (name, rate)
    print(f"best {best[0]} {best[1]:.3f}")
