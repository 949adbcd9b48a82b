#!/usr/bin/python3
"""Write the PyTorch fixtures of rbm-import's tests with Debian's
python3-torch (1.13) and numpy:

    cd interop/testdata && /usr/bin/python3 make_torch.py

torch_*.pt are state dicts saved by torch.save, in the zip format (the
default since 1.6) and the legacy one (_use_new_zipfile_serialization=False),
in float16, float32 and float64. Beside each, torch_*.npz holds the same
tensors written by numpy.savez as W, a, b in the file's orientation and
rounded to float32 by numpy (exact for float16 and float32), the truth the
Go reader is compared with. expected_torch.json holds each fixture's exact
log Z, by numpy's enumeration of the hidden states of the float32 model.
bad_torch_*.pt must be refused: a whole pickled module, a state dict without
weights, NaN weights, and a pickle that would run code (os.system) if
unpickled by Python.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

N, M = 12, 5
torch.manual_seed(2025)


def log_z(w, a, b):
    """Exact log Z of a {0,1} RBM with W N×M, by enumerating the hidden
    states (float64)."""
    w, a, b = (np.asarray(x, dtype=np.float64) for x in (w, a, b))
    m = w.shape[1]
    states = ((np.arange(2**m)[:, None] >> np.arange(m)[None, :]) & 1).astype(np.float64)
    per = np.logaddexp(0, a[None, :] + states @ w.T).sum(axis=1) + states @ b
    top = per.max()
    return float(top + np.log(np.exp(per - top).sum()))


class RBM(nn.Module):
    """A PyTorch RBM as many are written: W is hidden × visible."""

    def __init__(self, n, m, dtype):
        super().__init__()
        self.W = nn.Parameter(0.3 * torch.randn(m, n, dtype=dtype))
        self.v_bias = nn.Parameter(0.1 * torch.randn(n, dtype=dtype))
        self.h_bias = nn.Parameter(0.1 * torch.randn(m, dtype=dtype))


class Model(nn.Module):
    """A module holding the RBM: its state dict's keys are rbm.W, ..."""

    def __init__(self, dtype):
        super().__init__()
        self.rbm = RBM(N, M, dtype)


class Payload:
    """What a hostile pickle looks like: unpickling it in Python runs a
    shell command."""

    def __reduce__(self):
        return (os.system, ("echo this should never run",))


expected = {}


def save(name, obj, w, a, b, transposed=False, legacy=False):
    """torch.save obj as name, and the numpy sidecar of W, a, b."""
    torch.save(obj, name, _use_new_zipfile_serialization=not legacy)
    w, a, b = (x.detach().numpy().astype(np.float32) for x in (w, a, b))
    np.savez(name[:-3] + ".npz", W=w, a=a, b=b)
    expected[name] = [log_z(w.T if transposed else w, a, b)]



def generate():
    # A module's state dict, keys under the rbm. prefix, W hidden × visible.
    for dtype, tag in ((torch.float32, "f32"), (torch.float64, "f64"), (torch.float16, "f16")):
        model = Model(dtype)
        sd = model.state_dict()
        for legacy in (False, True):
            fmt = "legacy" if legacy else "zip"
            save(f"torch_{fmt}_{tag}.pt", sd, sd["rbm.W"], sd["rbm.v_bias"], sd["rbm.h_bias"], transposed=True, legacy=legacy)

    # Plain dicts: nn.Linear-style names and N×M weights; a nested
    # checkpoint; names that need -keys; a strided view.
    w = 0.3 * torch.randn(N, M)
    a, b = 0.1 * torch.randn(N), 0.1 * torch.randn(M)
    save("torch_zip_names.pt", {"weights": w, "visible_bias": a, "hidden_bias": b}, w, a, b)
    save("torch_zip_checkpoint.pt", {"epoch": 7, "model": {"vbias": a, "hbias": b, "weight_matrix": w}, "lr": 0.01}, w, a, b)
    save("torch_legacy_keys.pt", {"J": w, "theta_v": a, "theta_h": b}, w, a, b, legacy=True)
    # A transposed view saved as it is (strides (1, M)): torch keeps the strides.
    wt = w.t()
    save("torch_zip_view.pt", {"W": wt, "a": a, "b": b}, wt, a, b, transposed=True)

    # Files to refuse.
    torch.save(Model(torch.float32), "bad_torch_module.pt")
    torch.save({"v_bias": a, "h_bias": b}, "bad_torch_noweights.pt")
    wn = w.clone()
    wn[3, 2] = float("nan")
    torch.save({"W": wn, "v_bias": a, "h_bias": b}, "bad_torch_nan.pt")
    torch.save({"W": w, "v_bias": a, "h_bias": b, "x": Payload()}, "bad_torch_code.pt")

    with open("expected_torch.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


def check(paths):
    """Print each fixture whose sidecar holds what torch.load reads (used
    by the Go tests: python3 make_torch.py --check FILE...)."""
    for p in paths:
        sd = torch.load(p)
        keys = {"torch_legacy_keys.pt": ("J", "theta_v", "theta_h")}.get(os.path.basename(p))
        flat = {}

        def walk(prefix, d):
            for k, v in d.items():
                if isinstance(v, dict):
                    walk(prefix + k + ".", v)
                elif torch.is_tensor(v):
                    flat[prefix + k] = v
        walk("", sd)
        if keys is None:
            names = (("W", "weight", "weight_matrix", "weights"), ("a", "vbias", "visible_bias", "v_bias"), ("b", "hbias", "hidden_bias", "h_bias"))
            keys = [next(k for k in flat if k.split(".")[-1] in n) for n in names]
        side = np.load(p[:-3] + ".npz")
        same = all(np.array_equal(flat[k].numpy().astype(np.float32), side[r]) for k, r in zip(keys, "Wab"))
        print(os.path.basename(p), "same" if same else "DIFFERENT")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        check(sys.argv[2:])
    else:
        generate()
