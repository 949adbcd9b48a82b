"""The PyTorch peer of rbm-freeenergy -method ais -reverse=false for
bench/ais.sh: forward annealed importance sampling (Salakhutdinov & Murray
2008) of a Bernoulli RBM, on the CPU, with preallocated buffers and in-place
operations. The model is the JSON object {"W": [N·M floats, row-major],
"a": [...], "b": [...]} (one line of `rbm-cat -f jsonl -full -columns
W,a,b`); the base-rate model's visible biases are the logits of the smoothed
pixel means (count+1)/(n+2) of the IDX file IMAGES binarized at 128 (the
training set, as rbm-freeenergy -base does); the schedule is rbmkit's
ais.Schedule (the steps split 500 : 4,000 : 10,000 over [0, 0.5], [0.5, 0.9]
and [0.9, 1]) or a linear one. Products and draws are float32; the log
weights, whose increments are tiny over a fine schedule, are float64, as in
rbmkit. One blocked Gibbs sweep v → h → v per intermediate β. Runs at each
of the given intra-op thread counts (default 1 and 2) and prints one line per variant, "name seconds logZ
stderr" (the best time of `repeats`), then "best <name> <seconds> <logZ>
<stderr>".
    /usr/bin/python3 bench/ais_torch.py MODEL IMAGES [chains=100] [betas=10000] [repeats=1] [schedule=sigmoid|linear] [threads=1,2]"""
import gzip, json, math, sys, time
import torch
import torch.nn.functional as F


def digits(path):
    with gzip.open(path) as f:
        data = f.read()
    count = (len(data) - 16) // 784
    x = torch.frombuffer(bytearray(data[16:16 + 784 * count]), dtype=torch.uint8).reshape(count, 784)
    return x >= 128


def base_rate(images):
    n = images.shape[0]
    p = (images.sum(0, dtype=torch.float64) + 1) / (n + 2)
    return torch.log(p) - torch.log1p(-p)


def schedule(n, kind):
    if kind == "linear" or n < 4:
        return [k / (n - 1) for k in range(n)]
    steps = n - 1
    k1 = max(1, round(steps * 500 / 14500))
    k2 = max(1, round(steps * 4000 / 14500))
    k3 = steps - k1 - k2
    out = []
    for lo, hi, k in ((0, 0.5, k1), (0.5, 0.9, k2), (0.9, 1, k3)):
        out += [lo + (hi - lo) * s / k for s in range(k)]
    return out + [1.0]


def ais(W, a, b, a_base, betas, chains, threads):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    n, m = W.shape
    Wt = W.t().contiguous()
    a32, b32, base32 = a.float(), b.float(), a_base.float()
    b64, adiff = b.double(), (a.double() - a_base)
    v = torch.bernoulli(torch.sigmoid(base32).expand(chains, n).contiguous(), generator=g)
    x, y = torch.empty(chains, m), torch.empty(chains, n)
    h = torch.empty(chains, m)
    x64 = torch.empty(chains, m, dtype=torch.float64)
    lw = torch.zeros(chains, dtype=torch.float64)
    with torch.no_grad():
        for t in range(1, len(betas)):
            bo, bn = betas[t - 1], betas[t]
            torch.mm(v, W, out=x)
            x64.copy_(x).add_(b64)
            # f_bn(v) − f_bo(v): softplus terms and the visible-bias term.
            lw.add_((F.softplus(x64 * bn) - F.softplus(x64 * bo)).sum(1)).add_(torch.mv(v.double(), adiff), alpha=bn - bo)
            if t == len(betas) - 1:
                break
            x.add_(b32).mul_(bn).sigmoid_()
            torch.bernoulli(x, generator=g, out=h)
            torch.mm(h, Wt, out=y)
            y.add_(a32).mul_(bn).add_(base32, alpha=1 - bn).sigmoid_()
            torch.bernoulli(y, generator=g, out=v)
    log_za = float(F.softplus(a_base).sum()) + m * math.log(2)
    mx = float(lw.max())
    w = torch.exp(lw - mx)
    mean = float(w.mean())
    se = float(w.std()) / (math.sqrt(chains) * mean)
    return log_za + mx + math.log(mean), se


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        d = json.load(f)
    a = torch.tensor(d["a"], dtype=torch.float64)
    b = torch.tensor(d["b"], dtype=torch.float64)
    W = torch.tensor(d["W"], dtype=torch.float32).reshape(len(a), len(b))
    a_base = base_rate(digits(sys.argv[2]))
    chains = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    nbetas = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    betas = schedule(nbetas, sys.argv[6] if len(sys.argv) > 6 else "sigmoid")
    best = None
    for threads in [int(t) for t in (sys.argv[7] if len(sys.argv) > 7 else "1,2").split(",")]:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            logz, se = ais(W, a, b, a_base, betas, chains, threads)
            times.append(time.perf_counter() - start)
        print(f"torch-t{threads} {min(times):.3f} {logz:.4f} {se:.4f}", flush=True)
        if best is None or min(times) < best[1]:
            best = (f"torch-t{threads}", min(times), logz, se)
    print(f"best {best[0]} {best[1]:.3f} {best[2]:.4f} {best[3]:.4f}")
