"""The PyTorch peer of rbm-sample -method ptt for bench/ptt.sh: parallel
trajectory tempering of CHAINS chains per rung over the models in MODELS (one
JSON object {"W": [N*M floats, row-major], "a": [...], "b": [...]} per line,
as `rbm-cat -format jsonl -full -columns W,a,b` prints the selected
snapshots), above the independent-site model of the first (W = 0, its
biases), drawn exactly each round. A round: for each link (k, k+1) from the
bottom up, the free energies F_k(x_{k+1}) and F_{k+1}(x_k), the swap of each
column accepted with min(1, e^D), D = F_k(x_k) - F_k(x_{k+1}) +
F_{k+1}(x_{k+1}) - F_{k+1}(x_k), then one block-Gibbs sweep of every rung
and its free energy. float32 products and draws, float64 free energies,
preallocated buffers. Chains start from noise; ROUNDS rounds are timed after
5 untimed ones. Prints "threads T wall_s_per_round cpu_s_per_round
mean_top_free_energy" per thread count.
    /usr/bin/python3 bench/ptt_torch.py MODELS [rounds=100] [chains=100] [threads=1,2]"""
import json, sys, time
import torch

def load(path):
    out = []
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            a = torch.tensor(d["a"], dtype=torch.float32)
            b = torch.tensor(d["b"], dtype=torch.float32)
            out.append((torch.tensor(d["W"], dtype=torch.float32).reshape(len(a), len(b)), a, b))
    return out

def free_energy(v, W, a, b):
    # F(v) = -a.v - sum_j softplus(b + v W)_j, in float64
    x = torch.addmm(b, v, W).double()
    return -(v.double() @ a.double()) - torch.nn.functional.softplus(x).sum(1)

def main():
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    chains = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    threads = [int(t) for t in (sys.argv[4] if len(sys.argv) > 4 else "1,2").split(",")]
    models = load(path)
    W0, a0, b0 = models[0]
    p0 = torch.sigmoid(a0).expand(chains, -1).contiguous()
    for t in threads:
        torch.set_num_threads(t)
        g = torch.Generator().manual_seed(1)
        K = len(models) + 1
        params = [None] + models
        x = [(torch.rand(chains, len(a0), generator=g) < 0.5).float() for _ in range(K)]
        free = [None] + [free_energy(x[k], *params[k]) for k in range(1, K)]

        def bottom_free(v):
            return -(v.double() @ a0.double())

        def round_():
            x[0] = torch.bernoulli(p0, generator=g)
            free[0] = bottom_free(x[0])
            for k in range(K - 1):
                fk_up = bottom_free(x[k + 1]) if k == 0 else free_energy(x[k + 1], *params[k])
                fk1_down = free_energy(x[k], *params[k + 1])
                d = free[k] - fk_up + free[k + 1] - fk1_down
                acc = torch.rand(chains, generator=g, dtype=torch.float64).log() < d
                m = acc.unsqueeze(1)
                lo, hi = torch.where(m, x[k + 1], x[k]), torch.where(m, x[k], x[k + 1])
                x[k], x[k + 1] = lo, hi
                free[k], free[k + 1] = torch.where(acc, fk_up, free[k]), torch.where(acc, fk1_down, free[k + 1])
            for k in range(1, K):
                W, a, b = params[k]
                h = torch.bernoulli(torch.sigmoid(torch.addmm(b, x[k], W)), generator=g)
                x[k] = torch.bernoulli(torch.sigmoid(torch.addmm(a, h, W.t())), generator=g)
                free[k] = free_energy(x[k], W, a, b)

        for _ in range(5):
            round_()
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            round_()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print("threads %d %.6f %.6f %.3f" % (t, wall / rounds, cpu / rounds, free[K - 1].mean().item()))

main()
