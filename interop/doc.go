// Package interop reads RBMs saved by other tools and writes rbmkit's
// models back in their formats: PyTorch state dicts (read only, through
// github.com/nlpodyssey/gopickle's unpickler, pure Go), numpy's npy/npz
// (through codeberg.org/sbinet/npyio, pure Go) and the HDF5 archives of
// DsysDML/rbms, its predecessor TorchRBM, and RestrictedBoltzmannMachinesHDF5.jl
// (through gonum.org/v1/hdf5 over the HDF5 C library: the build tag hdf5
// with cgo; without it, HDF5 files are refused with ErrNoHDF5). The tools
// rbm-import and rbm-export are built on it.
//
// The container is recognised from the first bytes (a zip holding
// data.pkl or the legacy magic number for PyTorch, another zip for npz, the
// \x93NUMPY magic for npy, the HDF5 signature at 0 or after a user block),
// the layout from the names inside. Every value is read as float64 (exact
// for float32 and for integers) and stored as float32: float32 sources are
// kept bit for bit, float64 ones rounded to the nearest float32
// (Archive.Converted). NaN, ±Inf, values beyond float32's range, and
// shapes that disagree between W and the biases are refused, naming the
// array and the index.
//
// # Orientation of W
//
// rbmkit's W is N×M (visible rows). A matrix whose rows match the hidden
// bias's length and whose columns match the visible bias's is read as M×N
// and transposed (Archive.Transposed: PyTorch's nn.Linear stores
// out × in); when W is square the shapes cannot tell, and it is read N×M
// unless Options.Transposed says otherwise (Julia files: M×N).
//
// # numpy (npz, npy)
//
// An npz archive (numpy.savez, savez_compressed) needs a weight array and
// the two bias arrays, found under the first present of these names
// (Options.Keys, rbm-import -keys, names others):
//
//	W      W, weight_matrix, weights, w
//	a      a, vbias, visible_bias, v_bias
//	b      b, hbias, hidden_bias, h_bias
//	epoch  epoch, epochs               (optional: K integers)
//	step   step, steps, updates        (optional: K integers)
//
// W is N×M or M×N, or K×N×M (K×M×N) for K snapshots of a run; each bias
// is one vector (shared by every snapshot, or any shape with one
// non-unit dimension: N×1, 1×N) or one per snapshot (K×N). Without epoch
// or step arrays those are −1 (Unknown). Any numeric dtype, either byte
// order, C or Fortran order. npz records no unit convention:
// Options.Units (Bernoulli by default). A lone .npy file is the weights
// (matrix or stack) with zero biases.
//
// WriteNPZ writes W (float32, K×N×M), a (K×N), b (K×M), epoch and step
// (int64, K), as numpy.savez would: numpy.load gives them back.
//
// # PyTorch (torch.save: .pt, .pth, .bin)
//
// A state dict saved by torch.save, in the zip format (the default since
// PyTorch 1.6: <dir>/data.pkl, the storages as <dir>/data/<key>,
// <dir>/byteorder when present, which must say little) or the legacy one
// (_use_new_zipfile_serialization=False: pickles of the magic number, the
// protocol version 1001 and the system info, the object's pickle, the
// list of storage keys, then each storage as an 8-byte element count and
// its little-endian elements). A TorchScript archive (torch.jit.save) is
// refused.
//
// The pickle is run by gopickle's unpickler, a Go reimplementation of
// Python's pickle machine: nothing in the file is executed, and every
// global the pickle names is resolved here against a closed list:
// torch._utils._rebuild_tensor_v2 and _rebuild_parameter (a tensor from a
// storage, offset, size and strides; a Parameter is its tensor) and the
// storage classes torch.{Half,BFloat16,Float,Double,Long,Int,Short,Char,
// Byte,Bool}Storage. gopickle itself maps collections.OrderedDict,
// builtins.dict and builtins.list to Go containers (and a few Python 2
// names, copy_reg._reconstructor and __builtin__.object, to inert Go
// values). Any other global — the class of a pickled whole module
// (torch.save(model)), os.system, anything else — is refused with a
// message saying to save model.state_dict() instead. Each storage's size
// is checked against its zip entry or the rest of the file before it is
// read, and each tensor's shape, strides and offset against its storage.
//
// The object must be a dict (nested dicts, as in {"model": state_dict,
// "epoch": 7}, give dotted keys such as model.W; other values are
// ignored). W, a and b are the tensors whose key, after the last dot
// (module prefixes such as rbm. are dropped), is the first present of:
//
//	W      W, weight, weight_matrix, weights, w
//	a      a, vbias, visible_bias, v_bias
//	b      b, hbias, hidden_bias, h_bias
//
// or the full keys -keys (Options.Keys) names. Two keys matching the same
// name are refused as ambiguous. W must be a matrix, N×M or M×N
// (PyTorch RBMs often store W hidden × visible; the biases' lengths tell,
// as for npz); each bias one vector. Tensors must be float16, bfloat16,
// float32 or float64: float16, bfloat16 and float32 values are kept
// exactly, float64 ones rounded to the nearest float32 (Archive.Converted).
// The same shape and finiteness checks as for npz apply. There is one
// snapshot, epoch and step −1; the units are Options.Units (Bernoulli by
// default).
//
// # DsysDML/rbms and TorchRBM (HDF5)
//
// What was read to write this, in github.com/DsysDML/rbms: rbms/io.py
// (save_model, load_params, load_model), rbms/map_model.py (the
// model_type names), rbms/ising_ising/classes.py (IIRBM's parameters) and
// the training scripts that create the hyperparameters group. A file with
// at least one group named update_<n> (n decimal) at its root is such an
// archive; each group is one snapshot, ordered by n, with Step = n (the
// number of gradient updates) and Epoch −1, or n / Options.UpdatesPerEpoch,
// or the group's scalar "epoch" dataset when present (rbm-export writes
// it). In each group:
//
//	params/weight_matrix  num_visibles × num_hiddens (float32 in rbms)
//	params/vbias          num_visibles
//	params/hbias          num_hiddens
//
// or, when the group has no params subgroup (TorchRBM; rbms keeps these
// retro-compatible copies too), weight_matrix, vbias and hbias at the
// group's level. Other members (time, torch_rng_state, numpy_rng_arg*,
// flags, save_*) are ignored. The root's "model_type" (a string dataset,
// as save_model writes it, or else a root attribute) gives the units:
// BBRBM {0,1}, IIRBM ±1 spins; PBRBM (Potts), BGRBM and IGRBM (Gaussian
// hidden units) and any other name are refused with a message naming the
// type; a file without model_type (TorchRBM) is read as BBRBM. The root's
// "hyperparameters" group (datasets, as rbms writes them: batch_size,
// gibbs_steps, learning_rate, L1, L2, num_chains, seed, train_size,
// filename, ...; and attributes) becomes Archive.Hyperparameters, as JSON
// values. parallel_chains is not read.
//
// WriteHDF5 writes that layout, as save_model does and as load_model and
// load_params read it: model_type (a variable-length UTF-8 string:
// BBRBM or IIRBM), update_<step>/params/{weight_matrix (N×M float32),
// vbias, hbias} with the same three at the group's level, time (0.0:
// rbmkit does not record the elapsed time) and epoch, an empty flags
// group, parallel_chains (0×N: no chains are exported), and a
// hyperparameters group with the archive's hyperparameters, num_visibles
// and num_hiddens, and the keys load_model reads unconditionally when
// unknown: batch_size 0, gibbs_steps 0, learning_rate NaN, L1 0, L2 0.
// Each snapshot needs a known, distinct step. Objects carry no
// modification times (as h5py writes them), so the same models give the
// same bytes.
//
// # RestrictedBoltzmannMachinesHDF5.jl (HDF5)
//
// What was read, in github.com/cossio/RestrictedBoltzmannMachinesHDF5.jl:
// src/rbm.jl (save_rbm, _load_rbm), src/layers.jl (layer_type,
// construct_layer) and src/RestrictedBoltzmannMachinesHDF5.jl (the
// rbm_hdf5_file_format_version header); in
// RestrictedBoltzmannMachines.jl, the Binary layer (par is 1×N: θ). A file
// with root datasets weights, visible_par and hidden_par is such a file:
// rbm_type, when present, must be RBM; visible_type and hidden_type must
// both be Binary ({0,1}) or both Spin (±1; RestrictedBoltzmannMachines.jl
// has Spin layers, though layers.jl saves only Binary, Potts, xReLU and
// PottsGumbel); Potts, xReLU and others are refused. Julia is
// column-major, so HDF5 (and h5py) see its N×M weights as M×N and its 1×N
// parameters as N×1; the weights are transposed back. Julia's Float64
// values are rounded to float32. There is one snapshot, epoch and step −1.
//
// Any other HDF5 layout is refused with the root group's member names.
package interop
