#!/usr/bin/python3
"""Write rbm-import's test fixtures with the producers' own libraries.

Run with Debian's Python (python3-numpy, python3-h5py) from this directory:

    /usr/bin/python3 make_fixtures.py

Every file is written the way its producer writes it: numpy.savez for the
npz files, h5py with the group/dataset layout of DsysDML/rbms's
rbms.io.save_model (and of its predecessor TorchRBM, parameters at the
update group's level only) and of RestrictedBoltzmannMachinesHDF5.jl's
save_rbm (Julia is column-major, so h5py sees its N×M weights as M×N and
its 1×N layer parameters as N×1). expected.json holds, per fixture and
snapshot, log Z computed here by numpy's exact enumeration of the hidden
layer: the independent truth the Go tests compare rbmkit against.
"""
import json

import h5py
import numpy as np

rng = np.random.default_rng(20261204)


def params(n, m, scale=0.05, dtype=np.float32):
    w = (scale * rng.standard_normal((n, m))).astype(dtype)
    a = (0.5 * rng.standard_normal(n)).astype(dtype)
    b = (0.5 * rng.standard_normal(m)).astype(dtype)
    return w, a, b


def log_z(w, a, b, spin):
    """Exact log Z by enumerating every hidden state (float64)."""
    w, a, b = (np.asarray(x, dtype=np.float64) for x in (w, a, b))
    m = w.shape[1]
    states = ((np.arange(2**m)[:, None] >> np.arange(m)[None, :]) & 1).astype(np.float64)
    if spin:
        states = 2 * states - 1
        x = a[None, :] + states @ w.T
        per = np.logaddexp(x, -x).sum(axis=1)  # log 2cosh
    else:
        x = a[None, :] + states @ w.T
        per = np.logaddexp(0, x).sum(axis=1)  # softplus
    per += states @ b
    top = per.max()
    return float(top + np.log(np.exp(per - top).sum()))


expected = {}

# numpy: one model, DsysDML-style key names.
w, a, b = params(784, 6)
np.savez("numpy_single.npz", weight_matrix=w, vbias=a, hbias=b)
expected["numpy_single.npz"] = [log_z(w, a, b, False)]

# numpy: three snapshots on an epoch axis (K×N×M), with epoch and step arrays.
snaps = [params(784, 5) for _ in range(3)]
np.savez("numpy_epochs.npz", W=np.stack([s[0] for s in snaps]), a=np.stack([s[1] for s in snaps]),
         b=np.stack([s[2] for s in snaps]), epoch=np.array([0, 5, 10]), step=np.array([0, 500, 1000]))
expected["numpy_epochs.npz"] = [log_z(*s, False) for s in snaps]

# numpy: PyTorch's nn.Linear convention, weights M×N, float64.
w, a, b = params(784, 4, dtype=np.float64)
w, a, b = (x.astype(np.float32).astype(np.float64) for x in (w, a, b))  # float32-exact values
np.savez("numpy_transposed.npz", weights=w.T.copy(), visible_bias=a, hidden_bias=b)
expected["numpy_transposed.npz"] = [log_z(w, a, b, False)]

# numpy: key names rbm-import does not know (-keys W=J,a=theta_v,b=theta_h).
w, a, b = params(30, 7)
np.savez("numpy_keys.npz", J=w, theta_v=a, theta_h=b)
expected["numpy_keys.npz"] = [log_z(w, a, b, False)]

# numpy.save of a lone weight matrix (biases zero), C and Fortran order.
w, _, _ = params(40, 6)
np.save("numpy_weights.npy", w)
np.save("numpy_fortran.npy", np.asfortranarray(w))
expected["numpy_weights.npy"] = expected["numpy_fortran.npy"] = [log_z(w, np.zeros(40), np.zeros(6), False)]

# numpy bad inputs.
w, a, b = params(784, 3)
np.savez("bad_shape.npz", W=w, a=a[:-1], b=b)
w[5, 2] = np.nan
np.savez("bad_nan.npz", W=w, a=a, b=b)
w[5, 2] = np.inf
np.savez("bad_inf.npz", W=w, a=a, b=b)


def dsysdml(path, model_type, updates, n, m, spin, level="params", hyper=True):
    """The layout of DsysDML/rbms rbms.io.save_model and train_rbm's
    hyperparameters group (level="group": TorchRBM, no params group)."""
    logz = []
    with h5py.File(path, "w") as f:
        if hyper:
            hp = f.create_group("hyperparameters")
            hp["num_hiddens"] = m
            hp["num_visibles"] = n
            hp["num_chains"] = 10
            hp["batch_size"] = 64
            hp["gibbs_steps"] = 10
            hp["filename"] = path
            hp["learning_rate"] = 0.01
            hp["train_size"] = 0.6
            hp["seed"] = 945
            hp["L1"] = 0.0
            hp["L2"] = 0.0
        for u in updates:
            w, a, b = params(n, m)
            g = f.create_group(f"update_{u}")
            if level == "params":
                p = g.create_group("params")
                for k, v in (("weight_matrix", w), ("vbias", a), ("hbias", b)):
                    p[k] = v
                    g[k] = p[k]  # save_model's retrocompatibility copy
            else:
                g["weight_matrix"], g["vbias"], g["hbias"] = w, a, b
            g["numpy_rng_arg0"] = "MT19937"
            g["time"] = 1.5 * u
            g.create_group("flags")
            logz.append(log_z(w, a, b, spin))
        f["parallel_chains"] = rng.integers(0, 2, (10, n)).astype(np.float32) * (2 if spin else 1) - (1 if spin else 0)
        if model_type is not None:
            f["model_type"] = model_type
    return logz


# Written out of order: update_10 before update_2, so the reader must sort by n.
expected["dsysdml_bbrbm.h5"] = dsysdml("dsysdml_bbrbm.h5", "BBRBM", [1, 10, 2], 784, 5, False)
expected["dsysdml_bbrbm.h5"] = [expected["dsysdml_bbrbm.h5"][i] for i in (0, 2, 1)]
expected["dsysdml_iirbm.h5"] = dsysdml("dsysdml_iirbm.h5", "IIRBM", [1, 7], 20, 6, True)
expected["torchrbm.h5"] = dsysdml("torchrbm.h5", None, [3], 784, 4, False, level="group")


def julia(path, n, m, vtype, htype):
    """RestrictedBoltzmannMachinesHDF5.jl save_rbm: column-major Float64."""
    w, a, b = params(n, m, dtype=np.float64)
    w, a, b = (x.astype(np.float32).astype(np.float64) for x in (w, a, b))
    with h5py.File(path, "w") as f:
        f["rbm_hdf5_file_format_version"] = "1.0.0"
        f["rbm_type"] = "RBM"
        f["weights"] = w.T.copy()           # Julia (N, M) seen as (M, N)
        f["visible_par"] = a.reshape(n, 1)  # Julia (1, N) seen as (N, 1)
        f["hidden_par"] = b.reshape(m, 1)
        f["visible_type"] = vtype
        f["hidden_type"] = htype
    return [log_z(w, a, b, vtype == "Spin")]


expected["julia_binary.h5"] = julia("julia_binary.h5", 784, 4, "Binary", "Binary")
julia("bad_julia_potts.h5", 20, 3, "Potts", "Binary")

# HDF5 bad inputs.
dsysdml("bad_potts.h5", "PBRBM", [1], 20, 3, False)
dsysdml("bad_gaussian.h5", "BGRBM", [1], 20, 3, False)
with h5py.File("bad_layout.h5", "w") as f:
    f["images"] = np.zeros((4, 4), dtype=np.float32)
    f.create_group("model").attrs["kind"] = "VAE"
with h5py.File("bad_h5_shape.h5", "w") as f:
    g = f.create_group("update_1/params")
    g["weight_matrix"] = np.zeros((20, 3), dtype=np.float32)
    g["vbias"] = np.zeros(19, dtype=np.float32)
    g["hbias"] = np.zeros(3, dtype=np.float32)
    f["model_type"] = "BBRBM"

with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
