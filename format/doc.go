// Package format is rbmkit's on-disk and on-wire format: Apache Arrow IPC
// streams, one artifact kind per stream, with typed Go readers and writers.
//
// This comment is the specification. A reader in another language needs
// only an Arrow IPC implementation and what follows.
//
// # Container
//
// An artifact is an Arrow IPC stream (the "streaming format": a schema
// message, record batch messages, and the end-of-stream marker 0xFFFFFFFF
// 0x00000000). Writers always end a stream with the marker; a stream without
// it was cut short and readers reject it (only a reader asking for
// KeepCompleteRows, rbm-train -resume, reads such a stream up to its last
// complete record batch), and bytes after it (two streams concatenated)
// are an error (ErrAfterEnd). A checkpoint stream holds at least one
// snapshot; rbm.image_shape, when present, holds exactly rbm.visible pixels. Readers also accept the Arrow IPC
// file format (Feather v2), which other tools write. Record batch bodies may
// be compressed with ZSTD or LZ4_FRAME (Arrow's own body compression, which
// every Arrow reader since 1.0 decompresses). A stream of zero rows still
// holds its schema and one empty record batch.
//
// # Schema metadata
//
// The schema's custom metadata says what the stream is. Keys, sorted:
//
//	rbm.format      the kind's format version, a decimal integer (currently 2
//	                for checkpoint, 1 for every other kind); readers reject
//	                versions newer than theirs
//	rbm.hidden      M, the number of hidden units (absent for datasets)
//	rbm.image_shape the visible layer as an image, "rows,cols" (optional)
//	rbm.kind        dataset | checkpoint | spectrum | mpfit | freeenergy |
//	                samples | trace | mixing | diffusion
//	rbm.provenance  a JSON array of the steps that made the artifact, oldest
//	                first: [{"tool":"rbm-data","version":"0.1.0","args":[...]}]
//	rbm.replica     the replica number of the run, decimal (0 if none)
//	rbm.seed        the run's seed, decimal uint64 (0 if no randomness)
//	rbm.units       bernoulli ({0,1} units) or spin (±1 units); absent if
//	                the kind has no model
//	rbm.visible     N, the number of visible units
//
// Tools may add keys of their own, all beginning with "rbm." (for example
// rbm.binarize on datasets). Metadata never changes within a stream: a value
// that changes per row is a column.
//
// # Columns
//
// Columns are matched by name; readers ignore columns they do not know, so
// later versions may add columns. Unless marked nullable, no value is null.
// "list<T>[n]" is a FixedSizeList of n non-null T; "list<T>" a variable List.
// Columns use plain Arrow types only, no extension types, so that readers
// without extension support (polars) read every stream; stacks included.
//
// dataset (one row per example; record batches of 4096 rows):
//
//	v      list<bool>[N]   the visible configuration, bit-packed; true is 1
//	                       (or +1 for spin units)
//	label  int32           the class label; the column is absent when the
//	                       data have no labels
//
// checkpoint (one row per snapshot of a training run, one row per record
// batch, so a reader holds one snapshot at a time):
//
//	epoch          int64           completed epochs
//	step           int64           completed minibatch updates
//	W              list<list<float32>[M]>[N] weights, an N×M matrix: row i
//	                               (list i) holds the couplings W[i][j] of
//	                               visible i with hidden j = 0…M−1; the flat
//	                               child values are row-major, W[i·M+j].
//	                               polars reads it as a 2-D array
//	                               (array[f32, (N, M)]); pyarrow gives numpy
//	                               t["W"][k].values.flatten().to_numpy()
//	                               .reshape(N, M), or every snapshot at once:
//	                               t["W"].combine_chunks().flatten().flatten()
//	                               .to_numpy().reshape(-1, N, M)
//	a              list<float32>[N] visible biases
//	b              list<float32>[M] hidden biases
//	recon_error    float64          mean squared reconstruction error (NaN if
//	                               not computed)
//	pseudo_loglik  float64          pseudo-log-likelihood per example, nats
//	top_sigma      list<float64>    largest singular values of W
//	state          list<uint8>, nullable the trainer's opaque resume state,
//	                               versioned by package train (a list of
//	                               bytes, not Arrow binary, which
//	                               nodejs-polars cannot hold)
//
// Runs that track log Z along training (rbm-train -logz, package
// trajectory) add these columns; other checkpoints do not have them:
//
//	logz           float64  log Z of the snapshot's model, by annealed
//	                        importance sampling along the training
//	                        trajectory (anchored at the initial model)
//	logz_se        float64  its standard error: the spread of 8 independent
//	                        groups of chains
//	ess            float64  the groups' mean effective sample size, as a
//	                        fraction of their chains, in (0, 1]
//	resamplings    int64    the groups' resamplings since epoch 0
//	var_logw       float64  the groups' mean variance of their chains' log
//	                        weights (since each group's last resampling)
//	train_loglik   float64  the average log-likelihood of the training data,
//	                        −⟨F(v)⟩ − logz, nats per example
//	test_loglik    float64  the same of a test set (rbm-train -test-data;
//	                        absent without one)
//	energy         float64  the model's mean energy ⟨E(v,h)⟩, from the same
//	                        weighted chains, each with E(v,h) averaged over
//	                        h given v in closed form
//	energy_se      float64  its standard error (the groups' spread)
//	entropy        float64  the model's entropy S = energy + logz, nats
//	entropy_se     float64  its standard error (the groups' spread)
//	logz_state     list<uint8>, nullable the estimator's opaque resume
//	                        state (chains and weights; absent with -no-state)
//
// A run that also marks ladder rungs (rbm-train -ladder FILE, which needs
// -logz; package trajectory's Ladder) adds to those columns
//
//	ladder_acceptance float64 the swap acceptance between the snapshot's
//	                        model and the last ladder rung at equilibrium,
//	                        estimated from the trajectory chains paired
//	                        with the rung's, each pair weighted by the two
//	                        chains' importance weights
//	ladder_pairs   float64  the effective number of those pairs, Kish's
//	                        (Σw)²/Σw² of their weights (NaN at epoch 0,
//	                        before any update): how far to trust the
//	                        acceptance, whose standard error is at most
//	                        √(a(1−a)/ladder_pairs)
//	ladder_state   list<uint8>, nullable the ladder's opaque resume state
//	                        (its last rung's chains and their log weights,
//	                        the rung count, the acceptances' pairs'
//	                        effective numbers; absent with -no-state)
//
// and writes its rungs to a second checkpoint stream, the ladder stream:
// one row per rung, in order, with the usual columns (monitors NaN,
// top_sigma empty, state null) and
//
//	rung           int64    the rung's index: 0 is the initial model θ₀,
//	                        then each model θ_{t−1} whose successor's swap
//	                        acceptance to the last rung fell below the
//	                        target (rbm-train -ladder-target; with
//	                        -ladder-confidence z, the acceptance less z
//	                        times that bound on its standard error)
//	ladder_acceptance float64 the rung's swap acceptance to the rung
//	                        before, estimated as above with both rungs'
//	                        chains when it was made (NaN at rung 0)
//	ladder_pairs   float64  that estimate's pairs' effective number (NaN
//	                        at rung 0)
//
// A rung's step is the update count of its model and its epoch the epochs
// completed by then, so rungs taken within one epoch share their epoch: a
// selection by epoch picks the last of them, "all" (rbm-sample -method
// ptt's default) picks every rung. The rungs' chains are not stored, nor
// their weights: rbm-sample's -init chains reads the trainer's persistent
// chains, which a rung has none of, PTT's burn-in starts from -init noise
// or data and draws its own samples of every rung, and the weights serve
// only the acceptance to the next rung, which the last rung's chains and
// weights in ladder_state carry across a resume.
//
// The energy is E(v,h) = −aᵀv − bᵀh − vᵀWh in the units named by rbm.units.
// Readers reject checkpoints whose W, a or b hold NaN or ±Inf.
//
// Checkpoint format version 1 (rbmkit before the polars reader) stored W as
// one list<float32>[N·M], row-major, with the extension metadata
// ARROW:extension:name = arrow.fixed_shape_tensor and
// ARROW:extension:metadata = {"shape":[N,M]}, and state as binary. polars
// cannot read extension types and panicked on it. The Go readers still
// read version 1 (the layout follows rbm.format: a version-2 header over
// version-1 columns, or the reverse, is refused); the tools write version 2.
//
// spectrum (one row per mode per snapshot):
//
//	snapshot  int64  the snapshot's row number in the checkpoint stream
//	epoch     int64  the snapshot's epoch
//	step      int64  the snapshot's step
//	rank      int64  position by decreasing sigma, from 0
//	mode      int64  the mode's identity, tracked across snapshots
//	sigma     float64 the singular value σ of W
//	overlap   float64 |u·u' + v·v'|/2 with the previous snapshot's mode of
//	                  the same id (NaN at the first snapshot, untracked)
//	crossing  bool   the mode's identity is uncertain: reordered,
//	                  near_degenerate or low_overlap (false untracked)
//	reordered, near_degenerate, low_overlap, flipped  bool: the tracker's
//	                  flags (optional: absent when modes are not tracked).
//	                  reordered: the mode's rank order against another mode
//	                  changed since the previous snapshot (their σ crossed;
//	                  ids follow the singular vectors, matched by the
//	                  assignment of maximum total overlap); near_degenerate:
//	                  |σ − σ'| ≤ 10⁻³·max(σ, σ') for a neighbouring rank;
//	                  low_overlap: overlap below 0.7; flipped: the pair
//	                  (u, v) was negated to continue the previous snapshot's
//	                  sign. Signs: at the first snapshot (and untracked) the
//	                  largest-magnitude component of u is positive; later,
//	                  tracked modes keep a continuous sign
//	ipr_u, ipr_v float64 inverse participation ratios Σ u_i⁴, Σ v_j⁴
//	a0, b0    float64 reciprocal biases u·a and v·b (NaN without vectors)
//	hessian_plus, hessian_minus, hessian_residual  float64 (optional:
//	                  rbm-svd -hessian): the (rank+1)-th largest and smallest
//	                  eigenvalues of the energy's Hessian −[[0,W],[Wᵀ,0]],
//	                  found by diagonalizing the (N+M)×(N+M) matrix directly
//	                  (theory: +σ and −σ), and the snapshot's largest
//	                  |λ − λ_theory| over all N+M eigenvalues (±σ_α and
//	                  |N−M| zeros), the same on every row of the snapshot
//	u         list<float64>[N] the left singular vector (optional column)
//	v         list<float64>[M] the right singular vector (optional column)
//	init_overlap float64 (|u·u₀|+|v·v₀|)/2 with the same mode id at the
//	                  stream's first snapshot (optional)
//	pc, pc_overlap, pc_span  int64, float64, float64: the data's principal
//	                  component u overlaps most, |u·p|, and ‖Pᵀu‖ over the
//	                  leading components (optional: rbm-svd -data)
//	x_mean, x_var, x_skew, x_kurt, x_ks, x_ks_p  float64: the reciprocal
//	                  variable x = u·v over a dataset's examples, or over
//	                  the model's samples of the snapshot: mean (the
//	                  reciprocal magnetization), variance, skewness, excess
//	                  kurtosis, KS distance to the fitted normal and its
//	                  p-value (optional: rbm-svd -data)
//	y_mean … y_ks_p   the same of y = v·E[h|v] (optional: rbm-svd -data)
//	x_hist    list<int64> the histogram of the same x: counts in equal bins
//	                  (40 by default, rbm-svd -bins) spanning
//	                  [x_hist_lo, x_hist_hi] = x_mean ∓ 4·√x_var; bin i is
//	                  [lo + i·w, lo + (i+1)·w), w = (hi − lo)/bins, the last
//	                  bin closed; a sample without spread spans x_mean ± ½
//	x_hist_lo, x_hist_hi  float64 the histogram's range
//	x_hist_out int64  the values of x outside [x_hist_lo, x_hist_hi]: the
//	                  counts and x_hist_out sum to the sample size, so the
//	                  density of bin i is x_hist[i] / (size · w)
//	                  (optional: rbm-svd -data, unless -no-hist)
//
// With samples (rbm.data_kind samples), a snapshot without samples has
// NaN in the data columns, pc −1, x_hist_out 0 and an empty x_hist.
//
// mpfit (Marchenko–Pastur fits of spectra, tidy and long): see the Fit
// row type in kind_mpfit.go, whose comment lists every column.
//
// mixing (the diagnostics of parallel trajectory tempering, rbm-sample
// -method ptt -mixing FILE: swap acceptance per link, walkers' rungs over
// rounds, round trips, integrated autocorrelation times): see the
// MixingRow row type in kind_mixing.go.
//
// # Stacks of runs
//
// rbm-stack concatenates the streams of one kind from several runs into
// one table (package stack): rbm.kind is the runs' kind, every row starts
// with the columns run (int64), hidden (int64), replica (int64) and seed
// (uint64), and rbm.runs holds a JSON array with each run's run number,
// source, hidden, replica, seed, provenance and the metadata keys it does
// not share with the other runs (StackedRun). rbm.hidden, rbm.seed and
// rbm.replica hold the runs' common value, or 0 where they differ. The
// typed readers refuse a stack: it is a table for generic readers, not a
// run. A tool that handles each run on its own reads a stack with
// NewStackReader[T], which yields T rows with their run (Run, RunHeader:
// the run's hidden size, replica and seed) and checks fixed-size columns
// against every run's shape, and writes one with NewStackWriter[T] under a
// header that keeps rbm.runs (StackColumns are the identity columns).
// A reader that takes the runs together, by column, reads a stack (even
// one cut down to a few columns by rbm-stack -columns) with
// ReadStackTable, checked as NewStackReader checks it.
//
// Tools record extra metadata of their own: rbm-data rbm.binarize
// ("threshold:128" or "sample") and rbm.source; rbm-train rbm.train, its
// settings as JSON (what -resume reads back), and rbm.data_sha256, the
// hex SHA-256 of its training data as the trainer holds it (visible units
// and example count as two little-endian uint64, then one byte 0 or 1 per
// unit of every example in order), which -resume compares; rbm-svd rbm.lapack, the SVD
// routine ("openblas dgesdd" or "gonum dgesvd"), and with -data
// rbm.data_kind, the kind of the configurations the data columns describe
// (dataset or samples).
// rbm-import records rbm.import, a JSON object: the source file, its
// SHA-256, layout, model type, whether W was stored transposed or as
// float64, and the source's hyperparameters (package rbmimport).
//
// A reader allocates at most MaxAllocation bytes (1 GiB) for one message
// body; every length a message claims is checked before allocation
// (package format/internal/ipcguard).
//
// # Go API
//
// Each kind has a row type (Example, Snapshot, Mode). NewWriter[T] writes a
// stream of T rows under a Header; NewReader[T] reads one, checking kind,
// version, column types and shapes, and streaming record batch by record
// batch. OpenStream reads any kind without a row type, for generic tools.
// Adding a kind is a constant, a row type with `arrow` struct tags (see
// table.go) and one register call, in a file kind_*.go of its own.
//
// Selection is how every tool picks snapshots by epoch (-snapshots): all,
// first, last, epochs, and spread:N, the epochs of N snapshots spread
// evenly over the stream, first and last included (of K snapshots those at
// positions round(j·(K−1)/(N−1)), halves up). Selection.Pick selects from
// a stream's whole list of epochs; EachSelected follows a selection while
// streaming, holding at most one snapshot back, and so refuses spread:N,
// whose positions depend on K: a streaming tool resolves it first
// (Selection.Resolve over the epochs read in a first pass).
package format
