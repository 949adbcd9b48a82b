package rbmsample

import (
	"fmt"
	"strings"
	"time"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// sampling is one gibbs or pt invocation.
type sampling struct {
	o       *options
	r       *cli.Run
	units   rbm.Units
	seed    uint64
	replica int
	betas   []float64 // pt only
	data    [][]bool  // -init data only

	w  *format.Writer[format.Sample]
	tw *format.Writer[format.TracePoint]
}

// logEvery spaces the progress lines of sweeps in batch logs: one per
// snapshot at least (the last sweep's), otherwise one per half minute.
const logEvery = 30 * time.Second

func (s *sampling) run(rd *format.Reader[format.Snapshot], sel format.Selection, out *cli.Output) error {
	o := s.o
	set := format.SamplerSettings{Method: o.mode, Chains: o.chains, BurnIn: o.burnIn, Sweeps: o.sweeps, Thin: o.thin,
		Init: o.init, Seed: s.seed, Replica: s.replica, Betas: s.betas}
	if set.Betas == nil {
		set.Betas = []float64{1}
	}
	if err := s.startSamples(rd, out, set); err != nil {
		return err
	}
	var side *cli.Output
	if o.trace != "" {
		var err error
		if side, s.tw, err = startSide[format.TracePoint](s, rd, "-trace", o.trace, format.KindTrace, set); err != nil {
			return err
		}
		defer side.Abort()
	}
	if err := eachSnapshot(rd, sel, s.units, s.sample); err != nil {
		return err
	}
	if err := s.w.Close(); err != nil {
		return err
	}
	if s.tw != nil {
		if err := s.tw.Close(); err != nil {
			return err
		}
		if err := side.Commit(); err != nil {
			return err
		}
	}
	return out.Commit()
}

// startSamples starts the samples stream on out, its header recording
// the settings.
func (s *sampling) startSamples(rd *format.Reader[format.Snapshot], out *cli.Output, set format.SamplerSettings) error {
	h := rd.Header().Derive(format.KindSamples, s.r.Step())
	h.Set(format.KeySampler, settingsJSON(set))
	opts := []format.WriterOption{format.WithCompression(s.r.Compression)}
	if !s.o.hidden {
		opts = append(opts, format.Omit("h"))
	}
	var err error
	s.w, err = format.NewWriter[format.Sample](out, h, opts...)
	return err
}

// startSide opens the side output of flag at path and starts a stream of
// kind on it, its header recording the settings. The caller aborts the
// output unless it commits it.
func startSide[T any](s *sampling, rd *format.Reader[format.Snapshot], flag, path string, kind format.Kind, set format.SamplerSettings, opts ...format.WriterOption) (*cli.Output, *format.Writer[T], error) {
	side, err := s.r.SideOutput(flag, path)
	if err != nil {
		return nil, nil, err
	}
	h := rd.Header().Derive(kind, s.r.Step())
	h.Set(format.KeySampler, settingsJSON(set))
	w, err := format.NewWriter[T](side, h, append([]format.WriterOption{format.WithCompression(s.r.Compression)}, opts...)...)
	if err != nil {
		side.Abort()
		return nil, nil, err
	}
	return side, w, nil
}

// sample runs the chains of one snapshot and writes its rows.
func (s *sampling) sample(snap *snapshot) error {
	o := s.o
	ch, err := s.chains(snap)
	if err != nil {
		return err
	}
	total := o.burnIn + o.sweeps
	progress := s.r.Progress(total, fmt.Sprintf("snapshot %d sweep", snap.row)).LogEvery(logEvery)
	every := max(1, total/20)
	for sweep := 1; sweep <= total; sweep++ {
		if err := s.r.Ctx.Err(); err != nil {
			progress.Done()
			return fmt.Errorf("interrupted at snapshot %d, sweep %d", snap.row, sweep)
		}
		ch.sweep()
		recorded := sweep > o.burnIn && (sweep-o.burnIn)%o.thin == 0
		if recorded || s.tw != nil {
			if err := ch.measure(); err != nil {
				return err
			}
		}
		if s.tw != nil {
			if err := s.writeTrace(ch, sweep); err != nil {
				return err
			}
		}
		if recorded {
			if err := s.writeSamples(ch, sweep); err != nil {
				return err
			}
		}
		if sweep%every == 0 || sweep == total {
			progress.Update(sweep, s.status(ch.pt))
		}
	}
	progress.Done()
	if ch.pt != nil {
		s.r.Logf("snapshot %d: exchange rates %s", snap.row, rates(ch.pt.SwapRates(), s.betas))
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	if s.tw != nil {
		return s.tw.Flush()
	}
	return nil
}

// chainSet is one snapshot's chains: plain Gibbs chains, or the systems of
// a tempering ladder (one sampler row per chain and level), with the
// energies of the sweep just made.
type chainSet struct {
	snap           *snapshot
	sampler        *gibbs.Sampler
	pt             *gibbs.Tempering
	levels         int
	betas          []float64
	energies, free []float64
	v, h           []bool // a state's bits, reused
}

// chains starts the chains of a snapshot (noise, data or its own
// persistent chains, as -init says).
func (s *sampling) chains(snap *snapshot) (*chainSet, error) {
	o := s.o
	cfg := gibbs.Config{Chains: o.chains, Seed: s.seed, Replica: s.replica, Stream: int(snap.row)}
	ch := &chainSet{snap: snap, levels: 1, betas: s.betas,
		v: make([]bool, snap.model.Visible), h: make([]bool, snap.model.Hidden)}
	var err error
	if o.mode == format.SamplerPT {
		if ch.pt, err = gibbs.NewTempering(snap.model, o.chains, s.betas, cfg); err != nil {
			return nil, err
		}
		ch.sampler, ch.levels = ch.pt.Sampler(), len(s.betas)
	} else if ch.sampler, err = gibbs.New(snap.model, cfg); err != nil {
		return nil, err
	}
	return ch, s.start(ch.sampler, ch.levels, snap)
}

func (ch *chainSet) sweep() {
	if ch.pt != nil {
		ch.pt.Sweep()
	} else {
		ch.sampler.Sweep()
	}
}

// measure computes the energies and free energies of every sampler row.
func (ch *chainSet) measure() error {
	var err error
	if ch.pt != nil && ch.levels > 1 {
		ch.energies = ch.pt.Energies() // computed for the exchanges
	} else if ch.energies, err = ch.sampler.Energies(ch.energies); err != nil {
		return err
	}
	ch.free = ch.sampler.FreeEnergies(ch.free)
	return nil
}

// row is the sampler row of chain (system) c at level k after the sweep
// just made; beta its β.
func (ch *chainSet) row(c, k int) int {
	if ch.pt != nil {
		return ch.pt.SweptRow(c, k)
	}
	return c
}

func (ch *chainSet) beta(k int) float64 {
	if ch.pt != nil {
		return ch.betas[k]
	}
	return 1
}

// writeTrace writes every chain and level of the sweep to the trace.
func (s *sampling) writeTrace(ch *chainSet, sweep int) error {
	snap := ch.snap
	trace := format.TracePoint{Snapshot: snap.row, Epoch: snap.epoch, Step: snap.step, Sweep: int64(sweep)}
	for c := range s.o.chains {
		for k := range ch.levels {
			r := ch.row(c, k)
			trace.Chain, trace.Beta, trace.Energy, trace.FreeEnergy = int64(c), ch.beta(k), ch.energies[r], ch.free[r]
			trace.SwapTried, trace.Swapped = false, false
			if ch.pt != nil {
				trace.SwapTried, trace.Swapped = ch.pt.LastSwap(c, k)
			}
			if err := s.tw.Write(&trace); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeSamples writes the recorded states of the sweep: β = 1, or every
// level with -all-betas.
func (s *sampling) writeSamples(ch *chainSet, sweep int) error {
	o, snap := s.o, ch.snap
	levels := 1
	if o.allBetas {
		levels = ch.levels
	}
	sample := format.Sample{Snapshot: snap.row, Epoch: snap.epoch, Step: snap.step, Sweep: int64(sweep)}
	for c := range o.chains {
		for k := range levels {
			r := ch.row(c, k)
			sample.Chain, sample.Beta, sample.Energy, sample.FreeEnergy = int64(c), ch.beta(k), ch.energies[r], ch.free[r]
			sample.V = bits(ch.v, ch.sampler.Visible(r))
			sample.H = nil
			if o.hidden {
				sample.H = bits(ch.h, ch.sampler.Hidden(r))
			}
			if err := s.w.Write(&sample); err != nil {
				return err
			}
		}
	}
	return nil
}

// start sets the chains' first states: noise, data examples or the
// snapshot's persistent chains. All replicas of a tempering system start
// from the same state.
func (s *sampling) start(sampler *gibbs.Sampler, levels int, snap *snapshot) error {
	o := s.o
	switch o.init {
	case "noise":
		sampler.InitNoise()
	case "data":
		// A random choice of examples, without repetition while they last.
		pick := rng.New(s.seed, s.replica, fmt.Sprintf("sample-init#%d", snap.row)).Perm(len(s.data))
		for r := range sampler.Chains() {
			sampler.SetVisible(r, s.data[pick[(r/levels)%len(pick)]])
		}
	case "chains":
		chains, err := persistentChains(snap.state, snap.model.Visible)
		if err != nil {
			return fmt.Errorf("-init chains: snapshot %d (epoch %d): %v", snap.row, snap.epoch, err)
		}
		n := snap.model.Visible
		count := len(chains) / n
		for r := range sampler.Chains() {
			c := (r / levels) % count
			sampler.SetVisibleValues(r, chains[c*n:(c+1)*n])
		}
	}
	return nil
}

func (s *sampling) status(pt *gibbs.Tempering) string {
	if pt == nil {
		return ""
	}
	return "exchange " + rates(pt.SwapRates(), s.betas)
}

func rates(r []float64, betas []float64) string {
	parts := make([]string, len(r))
	for k, x := range r {
		parts[k] = fmt.Sprintf("%.3g↔%.3g:%.2f", betas[k], betas[k+1], x)
	}
	if len(parts) == 0 {
		return "(one β)"
	}
	return strings.Join(parts, " ")
}

// bits converts unit values (0/1 or ±1) to on/off.
func bits(dst []bool, x []float32) []bool {
	for i, v := range x {
		dst[i] = v > 0
	}
	return dst
}
