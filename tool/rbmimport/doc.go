// Package rbmimport is the rbm-import command: RBMs trained by other tools
// (PyTorch state dicts saved by torch.save, numpy npz/npy files,
// DsysDML/rbms and TorchRBM HDF5 archives,
// RestrictedBoltzmannMachinesHDF5.jl files) into a checkpoint stream, so
// that every rbmkit analysis runs on them. The layout is recognised from
// the file (npz as PyTorch scripts' numpy.savez writes it; every
// update_<n> group of an HDF5 archive); package interop reads the files
// and documents exactly what is read from each layout.
//
// The stream has one snapshot per saved model, in training order, with
// the epoch and step the file records (-1 where it records none; DsysDML
// archives give step = n of update_<n>, and -updates-per-epoch turns it
// into epochs); recon_error and pseudo_loglik are NaN. The header has the
// model's shape and units, image shape 28×28 when N = 784 (or -image),
// and rbm.import, a JSON object: the source file as given, its SHA-256,
// the layout, the source's model type, whether W was stored M×N
// (transposed) or as float64 (rounded to float32), and the source's
// hyperparameters.
package rbmimport
