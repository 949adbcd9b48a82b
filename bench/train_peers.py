"""Peers for bench/train.sh: a plain PyTorch CD-1 loop and scikit-learn's
BernoulliRBM on the same binarized MNIST, float32, batch 100. Prints one
line per peer: name seconds_per_epoch."""
import gzip, sys, time
import numpy as np

def load(path, limit):
    with gzip.open(path) as f:
        data = f.read()
    n = int.from_bytes(data[4:8], "big")
    x = np.frombuffer(data[16:], dtype=np.uint8).reshape(n, 784)[: limit or n]
    return (x >= 128).astype(np.float32)

def torch_cd1(x, hidden, epochs, threads):
    import torch
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    v = torch.from_numpy(x)
    W = torch.randn(784, hidden, generator=g) * 0.01
    a, b = torch.zeros(784), torch.zeros(hidden)
    vW, va, vb = torch.zeros_like(W), torch.zeros_like(a), torch.zeros_like(b)
    lr, mom, bs = 0.05, 0.5, 100
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(v.shape[0], generator=g)
        for i in range(0, v.shape[0] - bs + 1, bs):
            v0 = v[perm[i:i + bs]]
            h0 = torch.sigmoid(v0 @ W + b)
            hs = torch.bernoulli(h0, generator=g)
            v1 = torch.bernoulli(torch.sigmoid(hs @ W.T + a), generator=g)
            h1 = torch.sigmoid(v1 @ W + b)
            vW.mul_(mom).add_((v0.T @ h0 - v1.T @ h1) / bs, alpha=lr)
            va.mul_(mom).add_((v0 - v1).mean(0), alpha=lr)
            vb.mul_(mom).add_((h0 - h1).mean(0), alpha=lr)
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
    x = load(path, limit)
    best = min(torch_cd1(x, hidden, epochs, t) for t in (1, 2))
    print(f"pytorch-cd1 {best:.4f}")
    print(f"sklearn-BernoulliRBM {sklearn_rbm(x, hidden, epochs):.4f}")
