package rbmsample

import (
	"fmt"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
)

// ptt is one -method ptt invocation: parallel trajectory tempering over
// the selected snapshots (rungs 1…K−1, in stream order) above the
// independent-site model of the first selected one (rung 0).
type ptt struct {
	*sampling
	snaps    []*snapshot // snaps[k−1] is rung k
	tr       *gibbs.Trajectory
	recorded []int // rungs whose samples are written
	mw       *format.Writer[format.MixingRow]
	// rungs[c·K+w] is column c's walker w's rung after each round;
	// free[i][c] rung recorded[i]'s free energy in column c after each
	// round past the burn-in; fromBottom[i][c] how many of those rounds
	// ended with a walker there that had been at the bottom.
	rungs      [][]uint16
	free       [][][]float64
	fromBottom [][]int
	energy     []float64
	// With -fill-below: places[k] is where rung k of the filled trajectory
	// is on the input's ladder, and offset the rounds made before the fill.
	places []gibbs.Place
	offset int
}

// runPTT reads the selected snapshots, runs the rounds and writes the
// samples stream and, with -mixing, the mixing stream.
func (s *sampling) runPTT(rd *format.Reader[format.Snapshot], sel format.Selection, out *cli.Output) error {
	o := s.o
	p := &ptt{sampling: s}
	if err := eachSnapshot(rd, sel, s.units, func(sn *snapshot) error {
		p.snaps = append(p.snaps, sn)
		return nil
	}); err != nil {
		return err
	}
	if o.rungs != "" {
		below, err := s.ladderRungs(rd.Header(), p.snaps[0].step)
		if err != nil {
			return err
		}
		p.snaps = append(below, p.snaps...)
	}
	// The bottom rung keeps the biases of the run's start (with the default
	// selection, the first snapshot): W = 0 there is what training starts
	// from, up to the small initial weights, so the first link overlaps.
	models := []*rbm.Model{gibbs.Independent(p.snaps[0].model)}
	epochs := make([]int64, len(p.snaps))
	for i, sn := range p.snaps {
		models = append(models, sn.model)
		epochs[i] = sn.epoch
	}
	if len(models) > 1<<16 {
		return fmt.Errorf("-method ptt: %d rungs: at most %d", len(models), 1<<16)
	}
	var err error
	if p.tr, err = gibbs.NewTrajectory(models, gibbs.Config{Chains: o.chains, Seed: s.seed, Replica: s.replica}); err != nil {
		return err
	}
	if err := p.tr.SetRoundSweeps(o.roundSweeps); err != nil {
		return fmt.Errorf("-round-sweeps: %v", err)
	}
	if err := p.tr.SetSwapOrder(gibbs.SwapOrder(o.swapOrder)); err != nil {
		return fmt.Errorf("-swap-order: %v", err)
	}
	for k, sn := range p.snaps {
		if err := s.start(p.tr.Sampler(k+1), 1, sn); err != nil {
			return err
		}
	}
	progress := p.r.Progress(o.burnIn+o.sweeps, "round").LogEvery(logEvery)
	var filled []int
	if o.fillBelow > 0 {
		if filled, err = p.fill(progress); err != nil {
			return err
		}
	}
	K := p.tr.Rungs()
	for k := 1; k < K; k++ {
		if at, i := p.place(k); at == 0 && (o.allRungs || i == len(p.snaps)) {
			p.recorded = append(p.recorded, k)
		}
	}

	set := format.SamplerSettings{Method: o.mode, Chains: o.chains, BurnIn: o.burnIn, Sweeps: o.sweeps, Thin: o.thin,
		Init: o.init, Seed: s.seed, Replica: s.replica, Betas: []float64{1}, RungEpochs: epochs,
		FillBelow: o.fillBelow, Filled: filled}
	if o.roundSweeps != 1 {
		set.RoundSweeps = o.roundSweeps
	}
	if o.swapOrder != string(gibbs.SwapBottomUp) {
		set.SwapOrder = o.swapOrder
	}
	if err := s.startSamples(rd, out, set); err != nil {
		return err
	}
	var side *cli.Output
	if o.mixing != "" {
		var opts []format.WriterOption
		if o.fillBelow == 0 {
			opts = append(opts, format.Omit("fill"))
		}
		if side, p.mw, err = startSide[format.MixingRow](s, rd, "-mixing", o.mixing, format.KindMixing, set, opts...); err != nil {
			return err
		}
		defer side.Abort()
		p.rungs = make([][]uint16, o.chains*K)
		p.free = make([][][]float64, len(p.recorded))
		p.fromBottom = make([][]int, len(p.recorded))
		for i := range p.free {
			p.free[i] = make([][]float64, o.chains)
			p.fromBottom[i] = make([]int, o.chains)
		}
	}
	if err := p.run(progress, p.offset+1, o.burnIn+o.sweeps); err != nil {
		return err
	}
	if err := s.w.Close(); err != nil {
		return err
	}
	if p.mw != nil {
		if err := p.writeMixing(); err != nil {
			return err
		}
		if err := p.mw.Close(); err != nil {
			return err
		}
		if err := side.Commit(); err != nil {
			return err
		}
	}
	return out.Commit()
}

// ladderRungs reads -rungs: the ladder stream's rows taken before step,
// the rungs below the sampled snapshots. The ladder must be of a model of
// the input's shape and units.
func (s *sampling) ladderRungs(h format.Header, step int64) ([]*snapshot, error) {
	in, name, err := s.r.Input(s.o.rungs)
	if err != nil {
		return nil, fmt.Errorf("-rungs: %v", err)
	}
	defer in.Close()
	rd, err := format.NewReader[format.Snapshot](in, name)
	if err != nil {
		return nil, fmt.Errorf("-rungs: %v", err)
	}
	defer rd.Close()
	lh := rd.Header()
	if lh.Visible != h.Visible || lh.Hidden != h.Hidden || lh.Units != h.Units {
		return nil, fmt.Errorf("-rungs %s: a %d×%d %s model, the input's is %d×%d %s", name,
			lh.Visible, lh.Hidden, lh.Units, h.Visible, h.Hidden, h.Units)
	}
	var below []*snapshot
	if err := eachSnapshot(rd, format.Selection{All: true}, s.units, func(sn *snapshot) error {
		if sn.step < step {
			below = append(below, sn)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("-rungs %s: %v", name, err)
	}
	if len(below) == 0 {
		return nil, fmt.Errorf("-rungs %s: no rung before step %d, the sampled snapshot's", name, step)
	}
	return below, nil
}

// fill runs the first half of the burn-in, measures each link's
// acceptance and replaces the trajectory by one with models put on the
// links below -fill-below (gibbs.FillCounts, gibbs.Trajectory.Fill), whose
// random numbers are its own (stream 1). It returns the models put on each
// link.
func (p *ptt) fill(progress *cli.Progress) ([]int, error) {
	o := p.o
	first := o.burnIn / 2
	if err := p.run(progress, 1, first); err != nil {
		return nil, err
	}
	counts, err := gibbs.FillCounts(p.tr.SwapRates(), int64(first)*int64(o.chains), o.fillBelow, o.fillMax)
	if err != nil {
		return nil, fmt.Errorf("-fill-below: %v", err)
	}
	before := p.rates()
	tr, places, err := p.tr.Fill(counts, 1)
	if err != nil {
		return nil, fmt.Errorf("-fill-below: %v", err)
	}
	if tr.Rungs() > 1<<16 {
		return nil, fmt.Errorf("-fill-below: %d rungs once filled: at most %d (lower -fill-max)", tr.Rungs(), 1<<16)
	}
	p.r.Logf("exchange rates over rounds 1–%d %s; %d models put in below acceptance %g", first, before, tr.Rungs()-p.tr.Rungs(), o.fillBelow)
	p.tr, p.places, p.offset = tr, places, first
	return counts, nil
}

// place returns where rung k of the current trajectory is on the input's
// ladder: at its rung i (at = 0) or at at ∈ (0, 1) on the line from rung i
// to rung i+1.
func (p *ptt) place(k int) (at float64, i int) {
	if p.places == nil {
		return 0, k
	}
	return p.places[k].At, p.places[k].Rung
}

// run runs rounds from to to (counted from the run's first round, burn-in
// included), recording the mixing series and writing the samples.
func (p *ptt) run(progress *cli.Progress, from, to int) error {
	o, tr := p.o, p.tr
	K := tr.Rungs()
	total := o.burnIn + o.sweeps
	every := max(1, total/20)
	for round := from; round <= to; round++ {
		if err := p.r.Ctx.Err(); err != nil {
			progress.Done()
			return fmt.Errorf("interrupted at round %d", round)
		}
		tr.Round()
		if p.mw != nil {
			for c := range o.chains {
				for w := range K {
					p.rungs[c*K+w] = append(p.rungs[c*K+w], uint16(tr.Rung(c, w)))
				}
			}
			if round > o.burnIn {
				for i, k := range p.recorded {
					for c, f := range tr.FreeEnergies(k) {
						p.free[i][c] = append(p.free[i][c], f)
						if tr.FromBottom(c, tr.Walker(k, c)) {
							p.fromBottom[i][c]++
						}
					}
				}
			}
		}
		if round > o.burnIn && (round-o.burnIn)%o.thin == 0 {
			if err := p.writeSamples(round); err != nil {
				return err
			}
		}
		if round%every == 0 || round == total {
			progress.Update(round, "exchange "+p.rates())
		}
	}
	if to < total {
		return nil
	}
	progress.Done()
	p.r.Logf("exchange rates %s", p.rates())
	return p.w.Flush()
}

// rates formats the acceptance per link, "e→e':a" with the rungs named
// as the report and the walkers figure name them (format.RungNames).
func (p *ptt) rates() string {
	K := p.tr.Rungs()
	epochs, fills := make([]int64, K), make([]float64, K)
	for k := range K {
		at, i := p.place(k)
		epochs[k], fills[k] = -1, at
		if i >= 1 {
			epochs[k] = p.snaps[i-1].epoch
		}
	}
	names := format.RungNames(epochs, fills)
	parts := []string{}
	for k, a := range p.tr.SwapRates() {
		parts = append(parts, fmt.Sprintf("%s→%s:%.2f", names[k], names[k+1], a))
	}
	return strings.Join(parts, " ")
}

// writeSamples writes the recorded rungs' states after round.
func (p *ptt) writeSamples(round int) error {
	for _, k := range p.recorded {
		_, i := p.place(k)
		sn, smp := p.snaps[i-1], p.tr.Sampler(k)
		var err error
		if p.energy, err = smp.Energies(p.energy); err != nil {
			return err
		}
		free := p.tr.FreeEnergies(k)
		row := format.Sample{Snapshot: sn.row, Epoch: sn.epoch, Step: sn.step, Sweep: int64(round), Beta: 1}
		v, h := make([]bool, sn.model.Visible), make([]bool, sn.model.Hidden)
		for c := range p.o.chains {
			row.Chain, row.Energy, row.FreeEnergy = int64(c), p.energy[c], free[c]
			row.V = bits(v, smp.Visible(c))
			row.H = nil
			if p.o.hidden {
				row.H = bits(h, smp.Hidden(c))
			}
			if err := p.w.Write(&row); err != nil {
				return err
			}
		}
	}
	return nil
}

// mixingRow returns a row of the mixing stream for rung (−1: none).
func (p *ptt) mixingRow(what string, rung int) format.MixingRow {
	r := format.MixingRow{What: what, Rung: int64(rung), Snapshot: -1, Epoch: -1, Chain: -1, Walker: -1,
		Round: int64(p.tr.Rounds()), OK: true}
	if rung < 0 {
		return r
	}
	at, i := p.place(rung)
	r.Fill = at
	if i >= 1 {
		r.Snapshot, r.Epoch = p.snaps[i-1].row, p.snaps[i-1].epoch
	}
	return r
}

// tauRow fills r with the integrated autocorrelation time of series.
func tauRow[T float64 | uint16](r format.MixingRow, series [][]T) format.MixingRow {
	tau, window, ok := gibbs.IntegratedTime(series)
	r.Value, r.Window, r.OK = tau, int64(window), ok
	return r
}

// writeMixing writes the summaries, then the walkers' rungs round by
// round (of the first -walker-columns columns).
func (p *ptt) writeMixing() error {
	o, tr := p.o, p.tr
	K, C, burn := tr.Rungs(), o.chains, o.burnIn-p.offset
	var rows []format.MixingRow
	for k, a := range tr.SwapRates() {
		r := p.mixingRow(format.MixingAcceptance, k)
		r.Value = a
		rows = append(rows, r)
	}
	trips := 0
	for c := range C {
		for w := range K {
			r := p.mixingRow(format.MixingRoundTrips, -1)
			r.Chain, r.Walker, r.Value = int64(c), int64(w), float64(tr.RoundTrips(c, w))
			trips += tr.RoundTrips(c, w)
			rows = append(rows, r)
		}
	}
	r := p.mixingRow(format.MixingRoundTrips, -1)
	r.Value = float64(trips)
	rows = append(rows, r)

	after := make([][]uint16, len(p.rungs))
	for i, s := range p.rungs {
		after[i] = s[burn:]
	}
	for c := range C {
		for w := range K {
			r := p.mixingRow(format.MixingTauRung, -1)
			r.Chain, r.Walker = int64(c), int64(w)
			rows = append(rows, tauRow(r, after[c*K+w:c*K+w+1]))
		}
	}
	rows = append(rows, tauRow(p.mixingRow(format.MixingTauRung, -1), after))
	for i, k := range p.recorded {
		for c := range C {
			r := p.mixingRow(format.MixingTauEnergy, k)
			r.Chain = int64(c)
			rows = append(rows, tauRow(r, p.free[i][c:c+1]))
		}
		rows = append(rows, tauRow(p.mixingRow(format.MixingTauEnergy, k), p.free[i]))
	}
	for i, k := range p.recorded {
		all := 0
		for c, n := range p.fromBottom[i] {
			r := p.mixingRow(format.MixingFromBottom, k)
			r.Chain, r.Value = int64(c), float64(n)/float64(o.sweeps)
			rows = append(rows, r)
			all += n
		}
		r := p.mixingRow(format.MixingFromBottom, k)
		r.Value = float64(all) / float64(o.sweeps*C)
		rows = append(rows, r)
	}
	for i := range rows {
		if err := p.mw.Write(&rows[i]); err != nil {
			return err
		}
	}
	cols := C
	if o.walkerColumns > 0 {
		cols = min(C, o.walkerColumns)
	}
	for t := range tr.Rounds() {
		for c := range cols {
			for w := range K {
				k := int(p.rungs[c*K+w][t])
				r := p.mixingRow(format.MixingRung, k)
				r.Chain, r.Walker, r.Round, r.Value = int64(c), int64(w), int64(p.offset+t+1), float64(k)
				if err := p.mw.Write(&r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
