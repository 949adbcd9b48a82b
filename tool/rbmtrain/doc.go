// Package rbmtrain is the rbm-train command: it trains an RBM on a dataset
// stream and writes its trajectory as a checkpoint stream, one row per
// snapshot: the initial model (epoch 0), log-spaced epochs (dense early,
// where modes leave the Marchenko–Pastur bulk), every N epochs if asked,
// and the last epoch. Each row carries the monitors at that snapshot
// (reconstruction error, pseudo-log-likelihood, top singular values).
// PT-PCD-k updates the persistent chains by parallel tempering. With the
// centered gradient too, the stored model is the plain (uncentered) one.
//
// The learning rule is package train's: CD-k, PCD-k or PT (-method), SGD
// with momentum or Adam (-optim), a schedule (-lr-schedule, -lr-final), L2
// and L1 decay, the centered gradient (-centered, -center-slide). The
// settings of the methods a run does not use are left out of its recorded
// rbm.train settings, so a plain run's checkpoint is byte for byte what it
// was before those methods existed; -resume reads the settings back.
//
// Progress goes to stderr, a bar on a terminal and a line per epoch in a
// log: the reconstruction error, at snapshot epochs the pseudo-log-
// likelihood and the largest singular value too, and the mean training
// time per epoch (snapshots' monitors not counted).
//
// On SIGINT or SIGTERM it finishes the current minibatch, writes a final
// snapshot and exits with status 1; if the weights become non-finite it
// stops with an error naming the epoch. In both cases the snapshots written
// so far form a complete stream (with -o, the file is kept).
package rbmtrain
