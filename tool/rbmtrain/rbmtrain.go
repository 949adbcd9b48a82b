package rbmtrain

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
	"github.com/rbmkit/rbmkit/trajectory"
)

// defaultLogZStride is -logz-stride's default: the estimator takes 100
// updates at a time along the line between their ends (package
// trajectory, Stride), which skips the minibatch zigzag that drags the
// update-by-update estimate nats below AIS at M ≥ 256. At M = 12–16
// against exact enumeration it is also the more accurate: over 12
// estimator seeds on one trajectory log Z's error has sd 0.019 nat
// against 0.039 update by update, the entropy's 0.59 against 0.74, both
// without offset (trajectory/doc.go, Limits). The package's own default
// stays one update at a time.
const defaultLogZStride = 100

// Tool is the rbm-train command.
var Tool = cli.Tool{
	Name:     "rbm-train",
	Synopsis: "-hidden M [flags] [dataset.arrows]",
	Summary: `Train an RBM (CD-k, PCD-k or PT-PCD-k; SGD with momentum or Adam, schedules, L2
and L1 decay, centered gradient) on a dataset stream into a checkpoint stream:
epoch 0, log-spaced snapshots, the last epoch, each with its monitors.`,
	Example: `rbm-data -labels train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz > mnist.arrows
rbm-train -hidden 500 -epochs 100 -seed 7 -replica 3 < mnist.arrows > run.arrows
rbm-train -hidden 64 -method pcd -k 10 -chains 200 -epochs 20 -o run.arrows mnist.arrows
rbm-train -hidden 500 -method pt -k 10 -temps 5 -centered -optim adam -lr 0.001 -lr-schedule cosine -o run.arrows mnist.arrows
rbm-train -hidden 64 -epochs 20 -logz -ladder ladder.arrows -o run.arrows mnist.arrows
rbm-sample -method ptt -rungs ladder.arrows -mixing mixing.arrows run.arrows > samples.arrows`,
	BinaryOutput: true,
	SideOutputs:  []string{"ladder"},
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.IntVar(&o.cfg.Hidden, "hidden", 0, "number of hidden units `M` (required)")
		fs.IntVar(&o.epochs, "epochs", 10, "training epochs")
		fs.IntVar(&o.cfg.BatchSize, "batch", 100, "minibatch size")
		fs.Float64Var(&o.cfg.LearningRate, "lr", 0.05, "learning rate")
		fs.Float64Var(&o.cfg.Momentum, "momentum", 0.5, "momentum in [0,1)")
		fs.Float64Var(&o.cfg.WeightDecay, "decay", 0, "L2 weight decay on W")
		fs.IntVar(&o.cfg.K, "k", 1, "Gibbs steps per update (pt: tempering sweeps, each followed by exchanges)")
		fs.StringVar(&o.method, "method", "cd", "negative phase: cd, pcd (persistent chains) or pt (persistent chains by parallel tempering)")
		fs.IntVar(&o.cfg.Ladder, "temps", 5, "pt: β values of each chain's ladder, geometric from 1 to -beta-min (as rbm-sample's -temps)")
		fs.Float64Var(&o.cfg.BetaMin, "beta-min", 0.5, "pt: the ladder's smallest β, in (0,1)")
		fs.BoolVar(&o.cfg.Centered, "centered", false, "centered gradient (offsets: the data mean, and a running average of the data and model hidden means)")
		fs.Float64Var(&o.cfg.CenterSlide, "center-slide", 0.01, "centered: the hidden offsets' sliding factor ν in (0,1]")
		fs.StringVar(&o.optim, "optim", "sgd", "optimizer: sgd (with -momentum) or adam")
		fs.Float64Var(&o.cfg.AdamBeta1, "adam-beta1", 0.9, "adam: first moment decay β₁")
		fs.Float64Var(&o.cfg.AdamBeta2, "adam-beta2", 0.999, "adam: second moment decay β₂")
		fs.Float64Var(&o.cfg.AdamEps, "adam-eps", 1e-8, "adam: ε")
		fs.StringVar(&o.schedule, "lr-schedule", "constant", "learning rate schedule over the run: constant, linear, exp or cosine")
		fs.Float64Var(&o.cfg.LRFinal, "lr-final", 0.01, "schedules: the final learning rate as a fraction of -lr")
		fs.Float64Var(&o.cfg.L1, "l1", 0, "L1 weight decay on W")
		fs.IntVar(&o.cfg.Chains, "chains", 0, "persistent chains for pcd (0: the batch size)")
		fs.Float64Var(&o.cfg.InitStd, "init-std", 0.01, "initial weights ~ N(0, s²)")
		fs.StringVar(&o.bias, "visible-bias", "zero", "initial visible biases: zero or logit (of the data mean)")
		fs.StringVar(&o.units, "units", "bernoulli", "unit convention: bernoulli ({0,1}) or spin (±1)")
		o.seeds.Define(fs, false)
		fs.IntVar(&o.snapshots, "log-snapshots", 20, "about this many log-spaced snapshots (0: none besides first and last)")
		cli.Alias(fs, "snapshots", "log-snapshots")
		fs.IntVar(&o.every, "every", 0, "also snapshot every `n` epochs")
		fs.IntVar(&o.topSigma, "top-sigma", 8, "monitor this many largest singular values")
		for name, in := range map[string]string{"lr": "(0,inf)", "momentum": "[0,1)", "decay": "[0,inf)", "beta-min": "(0,1)",
			"center-slide": "(0,1]", "adam-beta1": "[0,1)", "adam-beta2": "[0,1)", "adam-eps": "(0,inf)", "lr-final": "[0,1]",
			"l1": "[0,inf)", "init-std": "(0,inf)"} {
			cli.Within(fs, name, in)
		}
		fs.StringVar(&o.resume, "resume", "", "continue the run in checkpoint `file` (its settings; the same data) from its last snapshot")
		fs.BoolVar(&o.noState, "no-state", false, "do not store the resume state in snapshots (smaller files, no -resume)")
		fs.BoolVar(&o.logZ, "logz", false, "track log Z along training (trajectory AIS on dedicated chains) and write it and the log-likelihood in every snapshot")
		fs.IntVar(&o.logZChains, "logz-chains", trajectory.DefaultChains, "logz: chains, in 8 independent groups (a multiple of 8)")
		fs.IntVar(&o.logZSweeps, "logz-sweeps", trajectory.DefaultSweeps, "logz: Gibbs sweeps of its chains per update, all under the model before it")
		fs.IntVar(&o.logZStride, "logz-stride", defaultLogZStride, "logz: take `n` updates at once, along the line between their ends, in n steps (skips the minibatch noise; estimates between lines catch up a copy)")
		fs.IntVar(&o.logZLineSteps, "logz-line-steps", 0, "logz: take the -logz-stride updates in `k` steps along their line instead of one per update (0: the stride; fewer steps cost less, in proportion)")
		fs.StringVar(&o.testData, "test-data", "", "logz: also the average log-likelihood of the dataset in `file` (a test set)")
		fs.StringVar(&o.ladder, "ladder", "", "logz: write ladder rungs (models spaced for parallel trajectory tempering) to checkpoint `file`")
		fs.Float64Var(&o.ladderTarget, "ladder-target", DefaultLadderTarget, "ladder: cut a rung when the swap acceptance to the last one falls below `A`")
		cli.Within(fs, "ladder-target", "(0,1)")
		fs.Float64Var(&o.ladderConfidence, "ladder-confidence", 0, "ladder: cut when the acceptance less `z` standard errors (from its pairs' effective number) falls below the target, so that a noisy estimate cuts early (0: the acceptance itself)")
		cli.Within(fs, "ladder-confidence", "[0,inf)")
		return o.run
	},
}

type options struct {
	cfg                      train.Config
	seeds                    cli.Seeds
	epochs, snapshots, every int
	topSigma                 int
	method, bias, units      string
	optim, schedule          string
	resume                   string
	noState                  bool
	logZ                     bool
	logZChains, logZSweeps   int
	logZStride               int
	logZLineSteps            int
	testData                 string
	ladder                   string
	ladderTarget             float64
	ladderConfidence         float64
}

// Schedule returns the snapshot epochs: 0, about count log-spaced epochs
// in 1..epochs, multiples of every, and epochs itself.
func Schedule(epochs, count, every int) []int {
	set := map[int]bool{0: true, epochs: true}
	if count > 1 && epochs > 0 && float64(epochs)*math.Expm1(math.Log(float64(epochs))/float64(count-1)) < 0.5 {
		// Log-spaced points closer than half an epoch everywhere round to
		// every epoch: the same set, without count iterations.
		for e := 1; e < epochs; e++ {
			set[e] = true
		}
	} else if count > 1 && epochs > 0 {
		for i := 0; i < count; i++ {
			set[int(math.Round(math.Pow(float64(epochs), float64(i)/float64(count-1))))] = true
		}
	}
	if every > 0 {
		for e := every; e < epochs; e += every {
			set[e] = true
		}
	}
	out := make([]int, 0, len(set))
	for e := range set {
		out = append(out, e)
	}
	sort.Ints(out)
	return out
}

func (o *options) run(r *cli.Run) error {
	// An interruption ends the training with a final snapshot and the
	// stream kept, even one that comes before the first epoch.
	r.Hold()
	if err := o.validate(r); err != nil {
		return err
	}
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	defer in.Close()
	data, header, err := readData(in, name)
	if err != nil {
		return err
	}
	set, h, resume, err := o.settings(r, data, header)
	if err != nil {
		return err
	}
	if err := set.need(r, data.Visible); err != nil {
		return err
	}
	tr, err := train.New(set.Config, data)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	w, err := format.NewWriter[format.Snapshot](out, h, format.WithCompression(r.Compression), format.Include(set.included()...))
	if err != nil {
		return err
	}
	t := &run{r: r, tr: tr, set: set, w: w, out: out, schedule: Schedule(set.Epochs, set.Snapshots, set.Every)}
	if set.LogZChains > 0 {
		if t.logZ, err = newLogZ(r, set, data, o.testData); err != nil {
			return err
		}
	}
	if set.LadderTarget > 0 {
		t.ladder = &ladder{target: set.LadderTarget, confidence: set.LadderConfidence, path: o.ladder, perEpoch: int64(data.Count / set.BatchSize)}
		defer t.ladder.abort()
	}
	if resume != nil {
		if err := resume.replay(w, tr, set, data.Count); err != nil {
			return err
		}
		if err := t.logZ.restore(tr, resume.logZState); err != nil {
			return fmt.Errorf("-resume %s: %v", o.resume, err)
		}
		if err := t.ladder.restore(r, tr, t.logZ.estimator(), resume.ladderState); err != nil {
			return fmt.Errorf("-resume %s: %v", o.resume, err)
		}
		for t.next < len(t.schedule) && t.schedule[t.next] <= tr.Epoch {
			t.next++
		}
		r.Logf("resuming at epoch %d, step %d", tr.Epoch, tr.Step)
	} else {
		if err := t.logZ.start(tr); err != nil {
			return err
		}
		if err := t.ladder.start(r, h, tr, t.logZ.estimator()); err != nil {
			return err
		}
		if t.ladder != nil {
			warnShortLadder(r, int64(set.Epochs)*t.ladder.perEpoch, cmp.Or(set.LogZStride, trajectory.DefaultStride))
		}
		if err := t.snapshot(); err != nil {
			return err
		}
		t.next++
	}
	return t.train()
}

// validate checks the flags and sets the configuration they name.
func (o *options) validate(r *cli.Run) error {
	o.cfg.Seed, o.cfg.Replica = o.seeds.Seed, o.seeds.Replica
	switch {
	case o.cfg.Hidden < 1 && o.resume == "":
		return cli.Usagef("-hidden must be ≥ 1, got %d", o.cfg.Hidden)
	case o.epochs < 0:
		return cli.Usagef("-epochs must be ≥ 0, got %d", o.epochs)
	case o.snapshots < 0 || o.every < 0 || o.topSigma < 0:
		return cli.Usagef("-log-snapshots, -every and -top-sigma must be ≥ 0")
	case o.testData != "" && !o.logZ && o.resume == "":
		return cli.Usagef("-test-data needs -logz")
	case o.ladder != "" && !o.logZ && o.resume == "":
		return cli.Usagef("-ladder needs -logz (the rungs are measured with its chains)")
	case o.ladder == "" && r.Given("ladder-target"):
		return cli.Usagef("-ladder-target needs -ladder")
	case o.ladder == "" && r.Given("ladder-confidence"):
		return cli.Usagef("-ladder-confidence needs -ladder")
	case o.logZ && (o.logZChains < 16 || o.logZChains%trajectory.DefaultGroups != 0):
		return cli.Usagef("-logz-chains %d: want a multiple of %d, at least 16", o.logZChains, trajectory.DefaultGroups)
	case o.logZSweeps < 1:
		return cli.Usagef("-logz-sweeps %d: want at least 1", o.logZSweeps)
	case o.logZSweeps != trajectory.DefaultSweeps && !o.logZ && o.resume == "":
		return cli.Usagef("-logz-sweeps needs -logz")
	case o.logZStride < 1:
		return cli.Usagef("-logz-stride %d: want at least 1", o.logZStride)
	case r.Given("logz-stride") && !o.logZ && o.resume == "":
		return cli.Usagef("-logz-stride needs -logz")
	case o.logZLineSteps < 0 || o.resume == "" && o.logZLineSteps > o.logZStride:
		return cli.Usagef("-logz-line-steps %d: want 1 to the stride, %d (0: the stride)", o.logZLineSteps, o.logZStride)
	case o.logZLineSteps != 0 && !o.logZ && o.resume == "":
		return cli.Usagef("-logz-line-steps needs -logz")
	case o.bias != "zero" && o.bias != "logit":
		return cli.Usagef("-visible-bias %q: want zero or logit", o.bias)
	}
	units, err := rbm.ParseUnits(o.units)
	if err != nil {
		return cli.Usagef("-units: %v", err)
	}
	o.cfg.Units, o.cfg.Method, o.cfg.LogitBias = units, train.Method(o.method), o.bias == "logit"
	o.cfg.Optimizer, o.cfg.Schedule = train.Optimizer(o.optim), train.Schedule(o.schedule)
	return nil
}

// settings returns the run's settings and the stream's header: the flags'
// for a new run, the checkpoint's for -resume (with its resume point).
func (o *options) settings(r *cli.Run, data *train.Data, header format.Header) (settings, format.Header, *resumePoint, error) {
	given := settings{Config: o.cfg, Epochs: o.epochs, Snapshots: o.snapshots, Every: o.every, TopSigma: o.topSigma, State: !o.noState}
	if o.logZ {
		given.LogZChains, given.TestLogLik = o.logZChains, o.testData != ""
	}
	if o.ladder != "" {
		given.LadderTarget, given.LadderConfidence = o.ladderTarget, o.ladderConfidence
	}
	if o.logZSweeps != trajectory.DefaultSweeps {
		given.LogZSweeps = o.logZSweeps
	}
	if (o.logZ || r.Given("logz-stride")) && o.logZStride != trajectory.DefaultStride {
		given.LogZStride = o.logZStride
	}
	if o.logZLineSteps != 0 && o.logZLineSteps != o.logZStride {
		given.LogZLineSteps = o.logZLineSteps
	}
	set := given
	set.recordOnlyUsed(data.Count)
	var resume *resumePoint
	if o.resume != "" {
		var err error
		if resume, err = o.readResume(r); err != nil {
			return set, header, nil, err
		}
		set = resume.settings
		if err := disagreement(r, given, set); err != nil {
			return set, header, nil, cli.Usagef("-resume %s: %v", o.resume, err)
		}
		header = resume.header
	}
	if err := set.Validate(data.Count); err != nil {
		if resume != nil {
			return set, header, nil, fmt.Errorf("-resume %s: its rbm.train settings: %v", o.resume, err)
		}
		return set, header, nil, cli.Usagef("%v", err)
	}
	if resume != nil && set.TestLogLik && o.testData == "" {
		return set, header, nil, cli.Usagef("-resume %s: the run records a test log-likelihood: give its -test-data again", o.resume)
	}
	if resume != nil && !set.TestLogLik && o.testData != "" {
		return set, header, nil, cli.Usagef("-resume %s: the run records no test log-likelihood: drop -test-data", o.resume)
	}
	if resume != nil && set.LadderTarget > 0 && o.ladder == "" {
		return set, header, nil, cli.Usagef("-resume %s: the run writes ladder rungs: give its -ladder file again", o.resume)
	}
	if resume != nil && set.LadderTarget == 0 && o.ladder != "" {
		return set, header, nil, cli.Usagef("-resume %s: the run writes no ladder rungs: drop -ladder", o.resume)
	}
	if resume != nil {
		if err := resume.check(r, set, data); err != nil {
			return set, header, nil, fmt.Errorf("-resume %s: %v", o.resume, err)
		}
		return set, header, resume, nil
	}
	h := header.Derive(format.KindCheckpoint, r.Step())
	h.Set(dataDigestKey, dataDigest(data))
	h.Hidden, h.Units, h.Seed, h.Replica = set.Hidden, format.Units(set.Units.String()), set.Seed, set.Replica
	js, _ := json.Marshal(set)
	h.Set(format.KeyTrain, string(js))
	return set, h, nil, nil
}

// run is a training run writing its checkpoint stream.
type run struct {
	r        *cli.Run
	tr       *train.Trainer
	set      settings
	w        *format.Writer[format.Snapshot]
	out      *cli.Output
	schedule []int // the snapshot epochs
	next     int   // the next of them to take
	// monitors is the last snapshot's pseudo-log-likelihood and largest
	// singular value, for the progress line of that epoch.
	monitors string
	logZ     *logZ   // nil unless the run tracks log Z
	ladder   *ladder // nil unless the run writes ladder rungs
}

// snapshot writes the model as it is now, with its monitors.
func (t *run) snapshot() error {
	tr := t.tr
	s := format.Snapshot{Epoch: int64(tr.Epoch), Step: int64(tr.Step), W: tr.Model.W, A: tr.Model.A, B: tr.Model.B,
		ReconError: tr.ReconError(), PseudoLogLik: tr.PseudoLogLik(), TopSigma: tr.TopSigma(t.set.TopSigma)}
	t.monitors = fmt.Sprintf(" pll %.2f", s.PseudoLogLik)
	if len(s.TopSigma) > 0 {
		t.monitors += fmt.Sprintf(" σ₁ %.3f", s.TopSigma[0])
	}
	if t.set.State {
		var err error
		if s.State, err = tr.MarshalState(); err != nil {
			return err
		}
	}
	if err := t.logZ.fill(&s, tr.Model, t.set.State); err != nil {
		return err
	}
	if err := t.ladder.fill(&s, t.set.State); err != nil {
		return err
	}
	if t.ladder != nil {
		t.monitors += fmt.Sprintf(" rungs %d", t.ladder.l.Rungs())
	}
	if t.logZ != nil {
		t.monitors += fmt.Sprintf(" logZ %.2f±%.2f", s.LogZ, s.LogZStdErr)
		if t.set.TestLogLik {
			t.monitors += fmt.Sprintf(" test LL %.2f", s.TestLogLik)
		}
	}
	return t.w.Write(&s)
}

// finish closes the stream and keeps it: the snapshots so far are good,
// whatever stopped the run.
func (t *run) finish(cause error) error {
	if err := t.ladder.close(); err != nil {
		return err
	}
	if err := t.w.Close(); err != nil {
		return err
	}
	if err := t.out.Commit(); err != nil {
		return err
	}
	return cause
}

// train runs the remaining epochs, snapshotting on schedule; an
// interruption writes a final snapshot and keeps the stream.
func (t *run) train() error {
	tr, r := t.tr, t.r
	progress := r.Progress(t.set.Epochs, "epoch")
	// The speed counts training only, not the snapshots' monitors.
	var training time.Duration
	startEpoch := tr.Epoch
	for tr.Epoch < t.set.Epochs {
		begun := time.Now()
		err := tr.RunEpoch(r.Ctx)
		training += time.Since(begun)
		if err != nil {
			progress.Done()
			var nf train.ErrNonFinite
			if errors.As(err, &nf) {
				// A broken run is not a result: -o is not written (the
				// deferred Abort removes its temporary file).
				return fmt.Errorf("%v; the run is abandoned and -o not written", err)
			}
			if r.Ctx.Err() != nil {
				if serr := t.snapshot(); serr != nil {
					return serr
				}
				return t.finish(fmt.Errorf("interrupted: wrote a final snapshot at epoch %d, step %d", tr.Epoch, tr.Step))
			}
			return err
		}
		t.monitors = ""
		if t.next < len(t.schedule) && tr.Epoch == t.schedule[t.next] {
			if err := t.snapshot(); err != nil {
				return err
			}
			t.next++
		}
		perEpoch := training.Seconds() / float64(tr.Epoch-startEpoch)
		progress.Update(tr.Epoch, fmt.Sprintf("recon %.4f%s (%.2f s/epoch)", tr.ReconError(), t.monitors, perEpoch))
	}
	progress.Done()
	return t.finish(nil)
}

// settings are a run's training settings, recorded as JSON in the
// checkpoint's rbm.train metadata so that -resume can rebuild the run.
type settings struct {
	train.Config
	Epochs, Snapshots, Every, TopSigma int
	State                              bool
	// Log Z along training (-logz): the estimator's chains (0: off), and
	// whether a test log-likelihood is written.
	LogZChains int  `json:",omitempty"`
	TestLogLik bool `json:",omitempty"`
	// Ladder rungs (-ladder): the target acceptance (0: off).
	LadderTarget float64 `json:",omitempty"`
	// LadderConfidence is z of the ladder's cut (-ladder-confidence; 0,
	// the acceptance itself, left out of the JSON).
	LadderConfidence float64 `json:",omitempty"`
	// LogZSweeps is the estimator's sweeps per update (0: the default,
	// left out of the JSON so that default runs keep their bytes).
	LogZSweeps int `json:",omitempty"`
	// LogZStride is the estimator's updates taken at once (0: one,
	// trajectory.DefaultStride, which runs made before -logz-stride's
	// default became defaultLogZStride left out of the JSON; such runs
	// resume update by update).
	LogZStride int `json:",omitempty"`
	// LogZLineSteps is the estimator's steps along a line of LogZStride
	// updates (0: one an update, left out of the JSON likewise).
	LogZLineSteps int `json:",omitempty"`
}

// included returns the extra checkpoint columns the run writes.
func (s *settings) included() []string {
	if s.LogZChains == 0 {
		return nil
	}
	var out []string
	for _, c := range format.TrajectoryColumns {
		if (c != "test_loglik" || s.TestLogLik) && (c != "logz_state" || s.State) {
			out = append(out, c)
		}
	}
	if s.LadderTarget > 0 {
		out = append(out, "ladder_acceptance", "ladder_pairs")
		if s.State {
			out = append(out, "ladder_state")
		}
	}
	return out
}

// need checks the run's memory against the budget before the trainer
// allocates it: W and its companions (gradient, velocity, Adam's second
// moment, a snapshot's copy: six float32 per weight) and the float64 SVD
// of the monitors (three per weight), the minibatch's phase statistics
// (eight float32 per unit of a row), and the persistent chains (two per
// unit, per β of pt's ladder).
func (s *settings) need(r *cli.Run, visible int) error {
	c := &s.Config
	chains, what := c.Chains, fmt.Sprintf("-hidden %d with %d visible units", c.Hidden, visible)
	if chains == 0 {
		chains = c.BatchSize
	}
	if c.Method == train.PT {
		what += fmt.Sprintf(", -chains %d × -temps %d", chains, c.Ladder)
		chains = int(min(float64(chains)*float64(max(c.Ladder, 1)), math.MaxInt32))
	} else if c.Method == train.PCD {
		what += fmt.Sprintf(", -chains %d", chains)
	}
	units := visible + c.Hidden
	bytes := cli.Bytes(6*4+3*8, visible, c.Hidden) + cli.Bytes(2*8*4, c.BatchSize, units) + cli.Bytes(2*4, chains, units)
	if err := r.Need(what, bytes); err != nil {
		return err
	}
	// The snapshot schedule is a set of epochs, at most one per epoch.
	snapshots := float64(min(s.Snapshots, s.Epochs+1))
	if s.Every > 0 {
		snapshots += float64(s.Epochs / s.Every)
	}
	what = fmt.Sprintf("a schedule of %.0f snapshots (-epochs %d, -log-snapshots %d, -every %d)", snapshots, s.Epochs, s.Snapshots, s.Every)
	if err := r.Need(what, 64*snapshots); err != nil {
		return err
	}
	// Each snapshot holds the model, and its resume state the chains.
	row := cli.Bytes(4, visible, c.Hidden) + cli.Bytes(4, units)
	if s.State {
		row += cli.Bytes(4, chains, units)
	}
	return r.NeedOutput(what+fmt.Sprintf(" of a %d×%d model", visible, c.Hidden), snapshots*row)
}

// recordOnlyUsed zeroes the settings of the methods the run does not use
// (plain runs record the same JSON as before those methods existed) and
// sets the schedule's length from the run's.
func (s *settings) recordOnlyUsed(count int) {
	c := &s.Config
	if c.Optimizer == train.SGD {
		c.Optimizer = ""
	}
	if c.Optimizer != train.Adam {
		c.AdamBeta1, c.AdamBeta2, c.AdamEps = 0, 0, 0
	}
	if c.Schedule == train.Constant {
		c.Schedule = ""
	}
	if c.Schedule == "" {
		c.LRFinal = 0
	} else if c.BatchSize > 0 {
		c.ScheduleSteps = max(1, s.Epochs*(count/c.BatchSize))
	}
	if !c.Centered {
		c.CenterSlide = 0
	}
	if c.Method != train.PT {
		c.Ladder, c.BetaMin = 0, 0
	}
}

// resumePoint is what -resume reads from an earlier run's stream.
type resumePoint struct {
	settings settings
	header   format.Header
	path     string
	r        *cli.Run
	// logZState and ladderState are the last snapshot's log Z estimator
	// and ladder states (replay).
	logZState, ladderState []byte
}

func (o *options) readResume(r *cli.Run) (*resumePoint, error) {
	f, name, err := r.Input(o.resume)
	if err != nil {
		return nil, fmt.Errorf("-resume: %v", err)
	}
	defer f.Close()
	rd, err := format.NewReader[format.Snapshot](f, name)
	if err != nil {
		return nil, fmt.Errorf("-resume: %v", err)
	}
	defer rd.Close()
	rd.KeepCompleteRows() // a killed run's complete snapshots resume
	p := &resumePoint{header: rd.Header(), path: o.resume, r: r}
	js, ok := rd.Header().Get(format.KeyTrain)
	if !ok {
		return nil, fmt.Errorf("-resume %s: no rbm.train settings in its metadata: not written by rbm-train", name)
	}
	if err := json.Unmarshal([]byte(js), &p.settings); err != nil {
		return nil, fmt.Errorf("-resume %s: rbm.train metadata: %v", name, err)
	}
	if !p.settings.State {
		return nil, fmt.Errorf("-resume %s: the run was written with -no-state and cannot be resumed", name)
	}
	return p, nil
}

// replay copies the earlier run's scheduled snapshots to w (not the row an
// interruption added) and restores the trainer from its last snapshot, so
// the resumed run's stream equals an uninterrupted one's.
func (p *resumePoint) replay(w *format.Writer[format.Snapshot], tr *train.Trainer, set settings, count int) error {
	f, name, err := p.r.Input(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := format.NewReader[format.Snapshot](f, name)
	if err != nil {
		return err
	}
	defer rd.Close()
	rd.KeepCompleteRows()
	scheduled := map[int64]bool{}
	for _, e := range Schedule(set.Epochs, set.Snapshots, set.Every) {
		scheduled[int64(e)] = true
	}
	stepsPerEpoch := int64(count / set.BatchSize)
	var last format.Snapshot
	rows := 0
	for rd.Next() {
		s := rd.Row()
		// An interruption between epochs adds a row at the same epoch and
		// step as the scheduled snapshot before it: only the first is kept.
		if scheduled[s.Epoch] && s.Step == s.Epoch*stepsPerEpoch {
			delete(scheduled, s.Epoch)
			oldLadderRow(s, set.LadderTarget > 0)
			if err := w.Write(s); err != nil {
				return err
			}
		}
		last = format.Snapshot{Epoch: s.Epoch, Step: s.Step, W: append(last.W[:0], s.W...), A: append(last.A[:0], s.A...),
			B: append(last.B[:0], s.B...), State: append(last.State[:0], s.State...), LogZState: append(last.LogZState[:0], s.LogZState...),
			LadderState: append(last.LadderState[:0], s.LadderState...)}
		rows++
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if rows == 0 || last.State == nil {
		return fmt.Errorf("-resume %s: no snapshot with resume state", name)
	}
	copy(tr.Model.W, last.W)
	copy(tr.Model.A, last.A)
	copy(tr.Model.B, last.B)
	if err := tr.RestoreState(last.State); err != nil {
		return fmt.Errorf("-resume %s: %v", name, err)
	}
	p.logZState, p.ladderState = last.LogZState, last.LadderState
	return nil
}

// readData loads a dataset stream into the compact form the trainer uses.
func readData(in interface{ Read([]byte) (int, error) }, name string) (*train.Data, format.Header, error) {
	rd, err := format.NewReader[format.Example](in, name)
	if err != nil {
		return nil, format.Header{}, err
	}
	defer rd.Close()
	h := rd.Header()
	d := &train.Data{Visible: h.Visible}
	for rd.Next() {
		for _, v := range rd.Row().V {
			if v {
				d.Bits = append(d.Bits, 1)
			} else {
				d.Bits = append(d.Bits, 0)
			}
		}
		d.Count++
	}
	if err := rd.Err(); err != nil {
		return nil, h, err
	}
	return d, h, nil
}

// dataDigestKey is the metadata key of the digest of a run's training
// data, which -resume compares with the data it is given.
const dataDigestKey = "data_sha256"

// dataDigest is the SHA-256 of the data as the trainer sees it: its shape
// and every example's units in order.
func dataDigest(d *train.Data) string {
	h := sha256.New()
	var shape [16]byte
	binary.LittleEndian.PutUint64(shape[:8], uint64(d.Visible))
	binary.LittleEndian.PutUint64(shape[8:], uint64(d.Count))
	h.Write(shape[:])
	h.Write(d.Bits)
	return hex.EncodeToString(h.Sum(nil))
}

// check refuses to resume the run on other data or on settings its header
// contradicts: rbm.train is only metadata, and a crafted or damaged one
// must not train a model other than the one the stream says it holds.
func (p *resumePoint) check(r *cli.Run, set settings, data *train.Data) error {
	h := p.header
	units, err := rbm.ParseUnits(h.Units)
	switch {
	case h.Visible != data.Visible:
		return fmt.Errorf("the run has %d visible units, the data %d", h.Visible, data.Visible)
	case h.Hidden != set.Hidden:
		return fmt.Errorf("its rbm.train settings say %d hidden units, its header %d", set.Hidden, h.Hidden)
	case err != nil:
		return fmt.Errorf("its header: %v", err)
	case set.Units != rbm.Bernoulli && set.Units != rbm.Spin:
		return fmt.Errorf("its rbm.train settings: unknown unit code %d", int(set.Units))
	case set.Units != units:
		return fmt.Errorf("its rbm.train settings say %s units, its header %s", set.Units, units)
	}
	want, ok := h.Get(dataDigestKey)
	if !ok {
		r.Logf("-resume %s: the run records no digest of its data (written before rbm-train recorded one): not checking that the data are the same", p.path)
		return nil
	}
	if got := dataDigest(data); got != want {
		return fmt.Errorf("the data are not the run's (%d examples of %d units, SHA-256 %.12s…; the run's %.12s…): resume with the same data", data.Count, data.Visible, got, want)
	}
	return nil
}

// resumeFlags are the flags that name a run's settings, each with the
// setting as it reads in a run's settings: with -resume, a flag given must
// agree with the run (it would otherwise be silently ignored).
var resumeFlags = []struct {
	name string
	get  func(s *settings) any
}{
	{"hidden", func(s *settings) any { return s.Hidden }},
	{"epochs", func(s *settings) any { return s.Epochs }},
	{"batch", func(s *settings) any { return s.BatchSize }},
	{"lr", func(s *settings) any { return s.LearningRate }},
	{"momentum", func(s *settings) any { return s.Momentum }},
	{"decay", func(s *settings) any { return s.WeightDecay }},
	{"k", func(s *settings) any { return s.K }},
	{"method", func(s *settings) any { return s.Method }},
	{"temps", func(s *settings) any { return s.Ladder }},
	{"beta-min", func(s *settings) any { return s.BetaMin }},
	{"centered", func(s *settings) any { return s.Centered }},
	{"center-slide", func(s *settings) any { return s.CenterSlide }},
	{"optim", func(s *settings) any { return cmp.Or(s.Optimizer, train.SGD) }},
	{"adam-beta1", func(s *settings) any { return s.AdamBeta1 }},
	{"adam-beta2", func(s *settings) any { return s.AdamBeta2 }},
	{"adam-eps", func(s *settings) any { return s.AdamEps }},
	{"lr-schedule", func(s *settings) any { return cmp.Or(s.Schedule, train.Constant) }},
	{"lr-final", func(s *settings) any { return s.LRFinal }},
	{"l1", func(s *settings) any { return s.L1 }},
	{"chains", func(s *settings) any { return s.Chains }},
	{"init-std", func(s *settings) any { return s.InitStd }},
	{"visible-bias", func(s *settings) any { return map[bool]string{false: "zero", true: "logit"}[s.LogitBias] }},
	{"units", func(s *settings) any { return s.Units }},
	{"seed", func(s *settings) any { return s.Seed }},
	{"logz", func(s *settings) any { return s.LogZChains != 0 }},
	{"logz-chains", func(s *settings) any { return s.LogZChains }},
	{"ladder-target", func(s *settings) any { return s.LadderTarget }},
	{"ladder-confidence", func(s *settings) any { return s.LadderConfidence }},
	{"logz-sweeps", func(s *settings) any { return cmp.Or(s.LogZSweeps, trajectory.DefaultSweeps) }},
	{"logz-stride", func(s *settings) any { return cmp.Or(s.LogZStride, trajectory.DefaultStride) }},
	{"logz-line-steps", func(s *settings) any { return cmp.Or(s.LogZLineSteps, s.LogZStride, trajectory.DefaultStride) }},
	{"replica", func(s *settings) any { return s.Replica }},
	{"log-snapshots", func(s *settings) any { return s.Snapshots }},
	{"every", func(s *settings) any { return s.Every }},
	{"top-sigma", func(s *settings) any { return s.TopSigma }},
	{"no-state", func(s *settings) any { return !s.State }},
}

// disagreement names the first flag given with -resume whose value is not
// the run's.
func disagreement(r *cli.Run, given, run settings) error {
	for _, f := range resumeFlags {
		if !r.Given(f.name) {
			continue
		}
		if a, b := f.get(&given), f.get(&run); a != b {
			return fmt.Errorf("-%s %v disagrees with the run's %v (a resumed run keeps its own settings: drop the flag)", f.name, a, b)
		}
	}
	return nil
}

// warnShortLadder warns when the run's updates fill no whole line of the
// estimator's stride: rungs are cut only where the chains are, at the
// lines' ends, so such a run's ladder has no rung above θ₀ and PTT over
// it would sample nothing but the start.
func warnShortLadder(r *cli.Run, updates int64, stride int) {
	if updates < int64(stride) {
		r.Logf("warning: -ladder: the run's %d updates are fewer than -logz-stride %d, so the ladder gets no rung above the start; give -logz-stride %d or less", updates, stride, max(1, updates/8))
	}
}
