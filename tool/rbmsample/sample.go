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

// sampleSettings are recorded as the rbm.sample metadata of samples and
// trace streams.
type sampleSettings struct {
	Method  string    `json:"method"`
	Chains  int       `json:"chains"`
	BurnIn  int       `json:"burn_in"`
	Sweeps  int       `json:"sweeps"`
	Thin    int       `json:"thin"`
	Init    string    `json:"init"`
	Seed    uint64    `json:"seed"`
	Replica int       `json:"replica"`
	Betas   []float64 `json:"betas"`
}

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
	set := sampleSettings{Method: o.mode, Chains: o.chains, BurnIn: o.burnIn, Sweeps: o.sweeps, Thin: o.thin,
		Init: o.init, Seed: s.seed, Replica: s.replica, Betas: s.betas}
	if set.Betas == nil {
		set.Betas = []float64{1}
	}
	h := rd.Header().Derive(format.KindSamples, s.r.Step())
	h.Set("sample", settingsJSON(set))
	opts := []format.WriterOption{format.WithCompression(s.r.Compression)}
	if !o.hidden {
		opts = append(opts, format.Omit("h"))
	}
	var err error
	if s.w, err = format.NewWriter[format.Sample](out, h, opts...); err != nil {
		return err
	}
	var side *cli.Output
	if o.trace != "" {
		if side, err = s.r.SideOutput("-trace", o.trace); err != nil {
			return err
		}
		defer side.Abort()
		th := rd.Header().Derive(format.KindTrace, s.r.Step())
		th.Set("sample", settingsJSON(set))
		if s.tw, err = format.NewWriter[format.TracePoint](side, th, format.WithCompression(s.r.Compression)); err != nil {
			return err
		}
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

// sample runs the chains of one snapshot and writes its rows.
func (s *sampling) sample(snap *snapshot) error {
	o := s.o
	cfg := gibbs.Config{Chains: o.chains, Seed: s.seed, Replica: s.replica, Stream: int(snap.row)}
	var (
		sampler *gibbs.Sampler
		pt      *gibbs.Tempering
		err     error
	)
	levels := 1
	if o.mode == "pt" {
		if pt, err = gibbs.NewTempering(snap.model, o.chains, s.betas, cfg); err != nil {
			return err
		}
		sampler, levels = pt.Sampler(), len(s.betas)
	} else if sampler, err = gibbs.New(snap.model, cfg); err != nil {
		return err
	}
	if err := s.start(sampler, levels, snap); err != nil {
		return err
	}
	// row(c, k) is the sampler row of chain (system) c at level k for the
	// sweep just made; beta(k) its β.
	row := func(c, k int) int { return c }
	beta := func(int) float64 { return 1 }
	if pt != nil {
		row, beta = pt.SweptRow, func(k int) float64 { return s.betas[k] }
	}
	recordLevels := 1
	if o.allBetas {
		recordLevels = levels
	}

	total := o.burnIn + o.sweeps
	progress := s.r.Progress(total, fmt.Sprintf("snapshot %d sweep", snap.row)).LogEvery(logEvery)
	every := max(1, total/20)
	var energies, free []float64
	sample := format.Sample{Snapshot: snap.row, Epoch: snap.epoch, Step: snap.step}
	trace := format.TracePoint{Snapshot: snap.row, Epoch: snap.epoch, Step: snap.step}
	n, m := snap.model.Visible, snap.model.Hidden
	v, h := make([]bool, n), make([]bool, m)
	for sweep := 1; sweep <= total; sweep++ {
		if err := s.r.Ctx.Err(); err != nil {
			progress.Done()
			return fmt.Errorf("interrupted at snapshot %d, sweep %d", snap.row, sweep)
		}
		if pt != nil {
			pt.Sweep()
		} else {
			sampler.Sweep()
		}
		recorded := sweep > o.burnIn && (sweep-o.burnIn)%o.thin == 0
		if !recorded && s.tw == nil {
			continue
		}
		if pt != nil && levels > 1 {
			energies = pt.Energies() // computed for the exchanges
		} else if energies, err = sampler.Energies(energies); err != nil {
			return err
		}
		free = sampler.FreeEnergies(free)
		if s.tw != nil {
			trace.Sweep = int64(sweep)
			for c := range o.chains {
				for k := range levels {
					r := row(c, k)
					trace.Chain, trace.Beta, trace.Energy, trace.FreeEnergy = int64(c), beta(k), energies[r], free[r]
					trace.SwapTried, trace.Swapped = false, false
					if pt != nil {
						trace.SwapTried, trace.Swapped = pt.LastSwap(c, k)
					}
					if err := s.tw.Write(&trace); err != nil {
						return err
					}
				}
			}
		}
		if recorded {
			sample.Sweep = int64(sweep)
			for c := range o.chains {
				for k := range recordLevels {
					r := row(c, k)
					sample.Chain, sample.Beta, sample.Energy, sample.FreeEnergy = int64(c), beta(k), energies[r], free[r]
					sample.V = bits(v, sampler.Visible(r))
					sample.H = nil
					if o.hidden {
						sample.H = bits(h, sampler.Hidden(r))
					}
					if err := s.w.Write(&sample); err != nil {
						return err
					}
				}
			}
		}
		if sweep%every == 0 || sweep == total {
			progress.Update(sweep, s.status(pt))
		}
	}
	progress.Done()
	if pt != nil {
		s.r.Logf("snapshot %d: exchange rates %s", snap.row, rates(pt.SwapRates(), s.betas))
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	if s.tw != nil {
		return s.tw.Flush()
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
