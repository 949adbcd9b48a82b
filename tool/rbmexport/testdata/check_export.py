#!/usr/bin/python3
"""Check rbm-export's files with numpy and h5py (rbm-export's tests run it).

    /usr/bin/python3 check_export.py ORIGINAL EXPORTED.npz [EXPORTED.h5]

ORIGINAL is the fixture rbm-import read (see interop/testdata); its models,
as numpy/h5py read them (reference.py), must come back unchanged. The HDF5
file is read the way DsysDML/rbms's rbms.io.load_model and load_params
read an archive, line by line without torch, and must give the same
arrays. Exits non-zero with a message on the first difference.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../interop/testdata"))
from reference import snapshots  # noqa: E402

orig, npz_path = sys.argv[1], sys.argv[2]
want = snapshots(orig)


def fail(msg):
    sys.exit(f"check_export: {msg}")


def same(name, got, ref):
    ref = np.asarray(ref, dtype=np.float32)
    if got.dtype != np.float32 or got.shape != ref.shape or not np.array_equal(got, ref):
        fail(f"{name}: {got.dtype} {got.shape} differs from the original's {ref.shape}")


d = np.load(npz_path)
if sorted(d.files) != ["W", "a", "b", "epoch", "step"]:
    fail(f"npz keys {d.files}")
K = len(want)
N, M = want[0]["W"].shape
if d["W"].shape != (K, N, M) or d["a"].shape != (K, N) or d["b"].shape != (K, M) or d["epoch"].shape != (K,) or d["step"].shape != (K,):
    fail(f"npz shapes W {d['W'].shape} a {d['a'].shape} b {d['b'].shape}")
for k, s in enumerate(want):
    same(f"npz W[{k}]", d["W"][k], s["W"])
    same(f"npz a[{k}]", d["a"][k], s["a"])
    same(f"npz b[{k}]", d["b"][k], s["b"])
    if s["step"] is not None and d["step"][k] != s["step"]:
        fail(f"npz step[{k}] = {d['step'][k]}, want {s['step']}")
    if s["epoch"] is not None and d["epoch"][k] != s["epoch"]:
        fail(f"npz epoch[{k}] = {d['epoch'][k]}, want {s['epoch']}")

if len(sys.argv) > 3:
    import h5py

    model_types = {"BBRBM", "PBRBM", "BGRBM", "IGRBM", "IIRBM"}  # rbms.map_model's keys (IIRBM: ising_ising)
    with h5py.File(sys.argv[3], "r") as f:
        updates = sorted(int(k[len("update_"):]) for k in f.keys() if k.startswith("update_"))
        if len(updates) != K:
            fail(f"{len(updates)} update groups, want {K}")
        # load_model: parallel chains, time, hyperparameters.
        visible = f["parallel_chains"][()]
        if visible.ndim != 2 or visible.shape[1] != N:
            fail(f"parallel_chains shape {visible.shape}")
        hyper = {
            "batch_size": int(f["hyperparameters"]["batch_size"][()]),
            "gibbs_steps": int(f["hyperparameters"]["gibbs_steps"][()]),
            "learning_rate": float(f["hyperparameters"]["learning_rate"][()]),
            "L1": float(f["hyperparameters"]["L1"][()]),
            "L2": float(f["hyperparameters"]["L2"][()]),
        }
        if int(f["hyperparameters"]["num_visibles"][()]) != N or int(f["hyperparameters"]["num_hiddens"][()]) != M:
            fail("num_visibles/num_hiddens")
        for k, (n, s) in enumerate(zip(updates, want)):
            key = f"update_{n}"
            start = np.array(f[key]["time"]).item()
            # load_params: every key of params, model_type decoded.
            params = {p: f[key]["params"][p][()] for p in f[key]["params"].keys()}
            model_type = f["model_type"][()].decode()
            if model_type not in model_types:
                fail(f"model_type {model_type}")
            if sorted(params) != ["hbias", "vbias", "weight_matrix"]:
                fail(f"{key}/params holds {sorted(params)}")  # set_named_parameters refuses extra keys
            same(f"{key}/params/weight_matrix", params["weight_matrix"], s["W"])
            same(f"{key}/params/vbias", params["vbias"], s["a"])
            same(f"{key}/params/hbias", params["hbias"], s["b"])
            same(f"{key}/weight_matrix", f[key]["weight_matrix"][()], s["W"])  # the retro-compatible copy
            if s["step"] is not None and n != s["step"]:
                fail(f"{key}: want step {s['step']}")
        # No modification times: the same models give the same bytes.
        stamped = []
        f.visit(lambda name: stamped.append(name) if h5py.h5g.get_objinfo(f.id, name.encode()).mtime else None)
        if stamped:
            fail(f"objects with modification times: {stamped[:3]}")
        print(model_type, hyper)
