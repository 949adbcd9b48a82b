#!/usr/bin/python3
"""Print a fixture's models as their producers' libraries read them, for
rbm-import's tests: one JSON line per snapshot with W (N×M, C order), a
and b as the hex of their float32 little-endian bytes, and step.

    /usr/bin/python3 reference.py FILE

Only numpy and h5py are used, following each layout's own convention.
"""
import json
import sys

import numpy as np


def snapshots(path):
    """The models of a fixture: a list of dicts with W (N×M), a, b, and
    step and epoch (None where the file has none)."""
    out = []

    def emit(w, a, b, step=None, epoch=None):
        out.append({"W": np.asarray(w), "a": np.asarray(a).ravel(), "b": np.asarray(b).ravel(),
                    "step": None if step is None else int(step), "epoch": None if epoch is None else int(epoch)})

    if path.endswith(".npy"):  # numpy.save of W alone
        w = np.load(path)
        emit(w, np.zeros(w.shape[0]), np.zeros(w.shape[1]))
    elif path.endswith(".npz"):
        d = np.load(path)
        keys = {"numpy_single.npz": ("weight_matrix", "vbias", "hbias"), "numpy_epochs.npz": ("W", "a", "b"),
                "numpy_transposed.npz": ("weights", "visible_bias", "hidden_bias"), "numpy_keys.npz": ("J", "theta_v", "theta_h")}
        name = path.rsplit("/", 1)[-1]
        kw, ka, kb = keys.get(name, ("W", "a", "b"))
        w, a, b = d[kw], d[ka], d[kb]
        if name == "numpy_transposed.npz":
            w = w.T  # nn.Linear's (out, in) = (M, N)
        if w.ndim == 2:
            w, a, b = w[None], a[None], b[None]
        for k in range(w.shape[0]):
            emit(w[k], a[k], b[k], d["step"][k] if "step" in d else None, d["epoch"][k] if "epoch" in d else None)
    else:
        import h5py
        with h5py.File(path, "r") as f:
            if "weights" in f:  # RestrictedBoltzmannMachinesHDF5.jl, column-major
                emit(f["weights"][()].T, f["visible_par"][()], f["hidden_par"][()])
            else:  # DsysDML/rbms load_params, TorchRBM group level
                for n in sorted(int(k[len("update_"):]) for k in f if k.startswith("update_")):
                    g = f[f"update_{n}"]
                    p = g["params"] if "params" in g else g
                    emit(p["weight_matrix"][()], p["vbias"][()], p["hbias"][()], n, g["epoch"][()] if "epoch" in g else None)
    return out


if __name__ == "__main__":
    for s in snapshots(sys.argv[1]):
        line = {"W": np.ascontiguousarray(s["W"], dtype="<f4").tobytes().hex(),
                "a": np.ascontiguousarray(s["a"], dtype="<f4").tobytes().hex(),
                "b": np.ascontiguousarray(s["b"], dtype="<f4").tobytes().hex(),
                "shape": list(s["W"].shape)}
        for k in ("step", "epoch"):
            if s[k] is not None:
                line[k] = s[k]
        print(json.dumps(line))
