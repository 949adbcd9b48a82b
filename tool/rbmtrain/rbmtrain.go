package rbmtrain

import (
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
)

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
rbm-train -hidden 500 -method pt -k 10 -temps 5 -centered -optim adam -lr 0.001 -lr-schedule cosine -o run.arrows mnist.arrows`,
	BinaryOutput: true,
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
		fs.StringVar(&o.resume, "resume", "", "continue the run in checkpoint `file` (its settings; the same data) from its last snapshot")
		fs.BoolVar(&o.noState, "no-state", false, "do not store the resume state in snapshots (smaller files, no -resume)")
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
}

// Schedule returns the snapshot epochs: 0, about count log-spaced epochs
// in 1..epochs, multiples of every, and epochs itself.
func Schedule(epochs, count, every int) []int {
	set := map[int]bool{0: true, epochs: true}
	if count > 1 && epochs > 0 {
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
	if err := o.validate(); err != nil {
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
	tr, err := train.New(set.Config, data)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	w, err := format.NewWriter[format.Snapshot](out, h, format.WithCompression(r.Compression))
	if err != nil {
		return err
	}
	t := &trajectory{r: r, tr: tr, set: set, w: w, out: out, schedule: Schedule(set.Epochs, set.Snapshots, set.Every)}
	if resume != nil {
		if err := resume.replay(w, tr, set, data.Count); err != nil {
			return err
		}
		for t.next < len(t.schedule) && t.schedule[t.next] <= tr.Epoch {
			t.next++
		}
		r.Logf("resuming at epoch %d, step %d", tr.Epoch, tr.Step)
	} else {
		if err := t.snapshot(); err != nil {
			return err
		}
		t.next++
	}
	return t.train()
}

// validate checks the flags and sets the configuration they name.
func (o *options) validate() error {
	o.cfg.Seed, o.cfg.Replica = o.seeds.Seed, o.seeds.Replica
	switch {
	case o.cfg.Hidden < 1 && o.resume == "":
		return cli.Usagef("-hidden must be ≥ 1, got %d", o.cfg.Hidden)
	case o.epochs < 0:
		return cli.Usagef("-epochs must be ≥ 0, got %d", o.epochs)
	case o.snapshots < 0 || o.every < 0 || o.topSigma < 0:
		return cli.Usagef("-log-snapshots, -every and -top-sigma must be ≥ 0")
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
	set := settings{Config: o.cfg, Epochs: o.epochs, Snapshots: o.snapshots, Every: o.every, TopSigma: o.topSigma, State: !o.noState}
	set.recordOnlyUsed(data.Count)
	var resume *resumePoint
	if o.resume != "" {
		var err error
		if resume, err = o.readResume(r); err != nil {
			return set, header, nil, err
		}
		set = resume.settings
		header = resume.header
	}
	if err := set.Validate(data.Count); err != nil {
		return set, header, nil, cli.Usagef("%v", err)
	}
	if resume != nil {
		if header.Visible != data.Visible {
			return set, header, nil, fmt.Errorf("-resume %s: the run has %d visible units, the data %d", o.resume, header.Visible, data.Visible)
		}
		return set, header, resume, nil
	}
	h := header.Derive(format.KindCheckpoint, r.Step())
	h.Hidden, h.Units, h.Seed, h.Replica = set.Hidden, format.Units(set.Units.String()), set.Seed, set.Replica
	js, _ := json.Marshal(set)
	h.Set("train", string(js))
	return set, h, nil, nil
}

// trajectory is a training run writing its checkpoint stream.
type trajectory struct {
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
}

// snapshot writes the model as it is now, with its monitors.
func (t *trajectory) snapshot() error {
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
	return t.w.Write(&s)
}

// finish closes the stream and keeps it: the snapshots so far are good,
// whatever stopped the run.
func (t *trajectory) finish(cause error) error {
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
func (t *trajectory) train() error {
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
				return t.finish(fmt.Errorf("%v; the stream keeps the snapshots up to the last good one", err))
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
	p := &resumePoint{header: rd.Header(), path: o.resume, r: r}
	js, ok := rd.Header().Get("train")
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
			if err := w.Write(s); err != nil {
				return err
			}
		}
		last = format.Snapshot{Epoch: s.Epoch, Step: s.Step, W: append(last.W[:0], s.W...), A: append(last.A[:0], s.A...),
			B: append(last.B[:0], s.B...), State: append(last.State[:0], s.State...)}
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
