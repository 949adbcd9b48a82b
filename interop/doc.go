// Package interop reads RBMs saved by other tools and writes rbmkit's
// models back in their formats: numpy's npy/npz (through
// codeberg.org/sbinet/npyio, pure Go) and the HDF5 archives of
// DsysDML/rbms, its predecessor TorchRBM, and RestrictedBoltzmannMachinesHDF5.jl
// (through gonum.org/v1/hdf5 over the HDF5 C library: the build tag hdf5
// with cgo; without it, HDF5 files are refused with ErrNoHDF5). The tools
// rbm-import and rbm-export are built on it.
//
// The container is recognised from the first bytes (zip for npz, the
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
