"""Peers for bench/train.sh: a plain PyTorch CD-k/PCD-k loop and
scikit-learn's BernoulliRBM on the same binarized MNIST, batch 100. Prints
one line per peer: name seconds_per_epoch.

    train_peers.py IMAGES HIDDEN EPOCHS LIMIT [METHOD=cd] [K=1] [PEERS=torch,sklearn]

The PyTorch loop (float32) does per minibatch what rbm-train does: the
positive phase, k block-Gibbs steps from the data (cd) or from 100
persistent chains (pcd), and momentum SGD on W, a, b; it reports the better
of 1 and 2 threads. scikit-learn's BernoulliRBM (float32 on float32 data) has one rule
only, persistent chains with one Gibbs step (PCD-1), so it runs only for
k = 1, as the closest peer of CD-1 and PCD-1."""
import gzip, sys, time
import numpy as np

def load(path, limit):
    with gzip.open(path) as f:
        data = f.read()
    n = int.from_bytes(data[4:8], "big")
    x = np.frombuffer(data[16:], dtype=np.uint8).reshape(n, 784)[: limit or n]
    return (x >= 128).astype(np.float32)

def torch_rbm(x, hidden, epochs, threads, method, k):
    import torch
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    v = torch.from_numpy(x)
    n = v.shape[1]
    W = torch.randn(n, hidden, generator=g) * 0.01
    a, b = torch.zeros(n), torch.zeros(hidden)
    vW, va, vb = torch.zeros_like(W), torch.zeros_like(a), torch.zeros_like(b)
    lr, mom, bs = 0.05, 0.5, 100
    chains = torch.bernoulli(torch.full((bs, n), 0.5), generator=g)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(v.shape[0], generator=g)
        for i in range(0, v.shape[0] - bs + 1, bs):
            v0 = v[perm[i:i + bs]]
            h0 = torch.sigmoid(v0 @ W + b)
            if method == "pcd":
                vk, hk = chains, torch.sigmoid(chains @ W + b)
            else:
                vk, hk = v0, h0
            for _ in range(k):
                hs = torch.bernoulli(hk, generator=g)
                vk = torch.bernoulli(torch.sigmoid(hs @ W.T + a), generator=g)
                hk = torch.sigmoid(vk @ W + b)
            if method == "pcd":
                chains = vk
            vW.mul_(mom).add_((v0.T @ h0 - vk.T @ hk) / bs, alpha=lr)
            va.mul_(mom).add_((v0 - vk).mean(0), alpha=lr)
            vb.mul_(mom).add_((h0 - hk).mean(0), alpha=lr)
            W += vW; a += va; b += vb
    return (time.perf_counter() - start) / epochs

def sklearn_rbm(x, hidden, epochs):
    from sklearn.neural_network import BernoulliRBM
    rbm = BernoulliRBM(n_components=hidden, batch_size=100, learning_rate=0.05, n_iter=epochs, random_state=1)
    start = time.perf_counter()
    rbm.fit(x)
    return (time.perf_counter() - start) / epochs

if __name__ == "__main__":
    path, hidden, epochs, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    method = sys.argv[5] if len(sys.argv) > 5 else "cd"
    k = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    peers = (sys.argv[7] if len(sys.argv) > 7 else "torch,sklearn").split(",")
    x = load(path, limit)
    if "torch" in peers:
        times = {t: torch_rbm(x, hidden, epochs, t, method, k) for t in (1, 2)}
        best = min(times, key=times.get)
        print(f"pytorch {times[best]:.4f} {best}")
    if "sklearn" in peers and k == 1:
        print(f"sklearn-BernoulliRBM {sklearn_rbm(x, hidden, epochs):.4f}")
