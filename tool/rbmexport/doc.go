// Package rbmexport is the rbm-export command: a checkpoint stream's
// snapshots (all, or the rows -snapshots lists) to the files other tools
// load, so that rbmkit's models go back to their samplers and notebooks.
//
// npz (numpy.load): W, float32 K×N×M (row-major N×M per snapshot, W[k,i,j]
// couples visible i and hidden j); a, float32 K×N; b, float32 K×M; epoch
// and step, int64 K (−1 where unknown). The unit convention is the
// stream's rbm.units; npz records none (rbm-import -units spin reads a
// spin model back).
//
// HDF5 (HDF5 build only): the layout of DsysDML/rbms's save_model
// (update_<step>/params/{weight_matrix,vbias,hbias}, model_type BBRBM or
// IIRBM, hyperparameters), which
// its load_model and load_params read; package interop lists it. Every
// snapshot needs a distinct, known step (it names update_<step>).
// Hyperparameters are those rbm-import recorded from the source, else
// rbm-train's settings under DsysDML's names (BatchSize → batch_size,
// K → gibbs_steps, LearningRate → learning_rate, WeightDecay → L2, Seed →
// seed, Chains → num_chains).
package rbmexport
