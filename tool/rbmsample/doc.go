// Package rbmsample is the rbm-sample command: it samples the models of a
// checkpoint stream and shows, mode by mode, where the Gaussian diffusion
// picture of reciprocal space holds.
//
// -method gibbs runs block Gibbs sampling of many chains (package gibbs) and
// -method pt parallel tempering over a β ladder; both write a samples stream
// (bit-packed visible states with chain, sweep, β, energy and free energy)
// and, with -trace FILE, a trace stream of every chain's energy and free
// energy after every sweep, burn-in included, with the tempering exchanges.
// Chains start from random units, from examples of a dataset stream
// (-init data -data FILE), or from the persistent chains stored in the
// snapshot's resume state by rbm-train -method pcd (-init chains).
//
// -method ptt is parallel trajectory tempering (gibbs.Trajectory): the
// selected snapshots (default: all) are the rungs of a ladder, in stream
// order, above a bottom rung that is the independent-site model of the
// first selected snapshot (its biases, W = 0), which one sweep samples
// exactly. The biases of the run's start are chosen over biases fitted to
// data so that the checkpoint alone defines the ladder: rbm-train starts
// from small weights, so W = 0 with the same biases overlaps the first
// snapshot; a selection that starts late in training shows a low first
// acceptance in the diagnostics. Each round exchanges states between
// neighbouring rungs (bottom up, column by column) and sweeps every rung
// once, or -round-sweeps k times (the exact bottom once), so that each
// rung's state decorrelates more between exchanges (rbm.sample records
// round_sweeps when k ≠ 1; k = 1 is the default's bytes); -swap-order deo
// proposes the even links on even rounds and the odd links on odd rounds
// (the deterministic even–odd schedule of non-reversible tempering;
// recorded as swap_order); -burn-in, -sweeps and -thin count rounds. The samples stream holds
// the last rung's chains (every rung's with -all-rungs), sweep being the
// round; -mixing FILE writes a mixing stream (format.MixingRow): the swap
// acceptance per link, each walker's rung after every round, the round
// trips, the share of the recorded rungs' states whose walker had been at
// the exactly drawn bottom (from_bottom), and the integrated autocorrelation times (Sokal's window) of each
// walker's rung and of the recorded rungs' free energies per column, over
// the rounds after the burn-in. -fill-below A mends links that accept
// rarely: after the first half of the burn-in, every link whose measured
// acceptance a is below A gets ⌈ln a / ln A⌉ − 1 models on the straight
// line between its two rungs (gibbs.FillCounts, at most -fill-max in all),
// so that each piece is expected to accept about A or more, and the rest
// of the run goes over the filled ladder (its own random streams; the
// filled rungs start from the states of their link's lower rung). The
// samples are still of the input's rungs; the mixing stream counts the
// filled ladder's rungs, names a filled one by the rung below it and its
// place on the line (column fill), and covers the rounds after the fill;
// rbm.sample records fill_below and the models put on each link (filled).
// It is off by default: it changes the run's random streams and so every
// byte after the fill, it costs rounds of the burn-in to measure, and a
// ladder whose links all accept enough gains nothing from it. A rung list flagged in the checkpoint
// itself (ladder rungs saved during training) can be passed as an epoch
// list to -snapshots.
//
// -method diffusion writes a diffusion stream (package diffusion): for each
// snapshot and each of the leading modes, the Euler–Maruyama simulation of
// the Langevin diffusion of the Gaussian limit beside its exact variances,
// and the same statistics of x_α = u_α·v, y_α = v_α·h over Gibbs chains of
// the binary model, with per-mode verdicts (converges or diverges). With
// -equilibrium FILE (a samples stream, such as -method ptt's) it adds, at
// the snapshots the samples are of (matched by step), per mode the
// equilibrium moments from the samples and whether the Gibbs chains' final
// Var x₊ reached them (rows of table equilibrium).
//
// Everything random derives from -seed and -replica (by default the
// checkpoint's), the purpose of each stream and the snapshot's row number,
// so the output is the same bytes at any GOMAXPROCS.
package rbmsample
