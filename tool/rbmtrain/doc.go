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
// With -logz a dedicated set of chains (-logz-chains, not the persistent
// chains) follows the training trajectory, -logz-sweeps Gibbs sweeps (1
// by default) and two free energies per update (package trajectory), and every snapshot records log
// Z with its error bar, the weights' health (ESS, resamplings, variance of
// log w) and the average log-likelihood of the training data and, with
// -test-data, of a test set, which the progress line shows. The chains and
// weights travel in the resume state (column logz_state). Without -logz the
// stream is byte for byte what it was before the flag existed. The chains
// take -logz-stride n updates at a time (100 by default), in n steps
// along the straight line between the models n updates apart (a snapshot
// inside a line catches up a copy): the minibatch noise makes the
// trajectory zigzag, and along it, update by update (-logz-stride 1), the
// estimate falls nats below long AIS at M = 500, along the lines it does
// not; at M = 12–16 the lines are also the closer to exact enumeration,
// for log Z and for the entropy (trajectory/doc.go). -logz-line-steps k
// takes those n updates in k ≤ n steps along the line instead (0: n), at
// k/n of the chains' cost: the same path in coarser steps, more variance
// of log w a step (trajectory.Config.LineSteps). The ladder's rungs are
// then models on those lines, each labelled with the update nearest it.
// Runs written while the default was 1 resume at 1. A run of fewer
// updates than the stride gets no rung above θ₀ (rung cuts sit at the
// lines' ends), and rbm-train warns so.
//
// With -ladder FILE too, the same chains estimate after every update the
// equilibrium swap acceptance between the last ladder rung and the current
// model, weighted by the chains' importance weights as log Z is
// (trajectory.Ladder), and when it falls below -ladder-target the model
// before the update becomes a rung: a row of FILE, a second checkpoint
// stream (format/doc.go: columns rung, ladder_acceptance and ladder_pairs,
// the effective number of the weighted pairs behind the acceptance) whose
// rows rbm-sample -method ptt takes as its rungs, θ₀ first. The ladder uses the
// -logz chains rather than chains of its own: they already make the one
// sweep per update under θ_{t−1} that the acceptance needs, so a rung costs
// only the free energies (a ladder on its own chains would double the
// sweeps for the same statistics). -ladder-confidence z cuts instead when
// the acceptance less z standard errors falls below the target, the
// error bounded by √(a(1−a)/n) with n the pairs' effective number, so that
// an estimate resting on few pairs cuts early rather than late (0, the
// default, cuts on the estimate itself). Every snapshot of the main stream
// records its acceptance to the last rung (ladder_acceptance, with its
// pairs' effective number in ladder_pairs) and the ladder's resume state
// (ladder_state: the last rung's chains, their log weights, the rung count
// and the pairs' effective numbers; the rung's model is the ladder
// stream's last row). -resume with -ladder FILE reads FILE's rungs up to the resume point and rewrites it
// continued, so both streams come out as an uninterrupted run's. Without
// -ladder no stream changes.
//
// On SIGINT or SIGTERM it finishes the current minibatch, writes a final
// snapshot and exits with status 1; if the weights become non-finite it
// stops with an error naming the epoch. In both cases the snapshots written
// so far form a complete stream (with -o, the file is kept).
package rbmtrain
