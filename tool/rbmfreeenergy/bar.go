package rbmfreeenergy

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/bar"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// selected is one selected snapshot, held for -method bar, which needs
// every rung before it can write any.
type selected struct {
	index int64
	snap  *format.Snapshot
}

// barRung is what -method bar writes at one snapshot: its log Z and the
// link from the rung below.
type barRung struct {
	logZ, stderr float64
	link         bar.Link
	acceptance   float64
	settings     string
	// linkOK: the link from the rung below overlaps well enough (see
	// overlaps); reliable: every link from the bottom up to here does.
	linkOK, reliable bool
}

// Thresholds of a link's overlap: BAR's estimate across a link whose
// exchanges are rarely accepted, or whose one-sided estimates disagree by
// more than their noise explains, rests on samples the other rung hardly
// visits, and its bootstrap error misses that bias (on MNIST M = 16 with
// snapshots an epoch apart, acceptances of 0–2% gave log Z nats low with
// standard errors of tenths).
const (
	minAcceptance = 0.05
	maxHysteresis = 0.1 // nats, or 3 standard errors of the link if more
)

// overlaps reports whether a link's acceptance and hysteresis pass the
// thresholds.
func overlaps(l bar.Link, acceptance float64) bool {
	return acceptance >= minAcceptance && math.Abs(l.Forward-l.Reverse) <= math.Max(maxHysteresis, 3*l.StdErr)
}

// ladder runs parallel trajectory tempering over the selected snapshots
// above the independent-site model of the first, records every round after
// the burn-in, and returns BAR's log Z per snapshot, by index.
func (a *analysis) ladder(snaps []selected) (map[int64]barRung, error) {
	o := a.o
	model := func(s *format.Snapshot) *rbm.Model {
		return &rbm.Model{Visible: a.visible, Hidden: a.hidden, Units: a.units, W: s.W, A: s.A, B: s.B}
	}
	models := []*rbm.Model{gibbs.Independent(model(snaps[0].snap))}
	for _, s := range snaps {
		m := model(s.snap)
		if err := m.Check(); err != nil {
			return nil, fmt.Errorf("snapshot %d (epoch %d): %v", s.index, s.snap.Epoch, err)
		}
		models = append(models, m)
	}
	z0, err := gibbs.IndependentLogZ(models[0])
	if err != nil {
		return nil, err
	}
	tr, err := gibbs.NewTrajectory(models, gibbs.Config{Chains: o.chains, Seed: o.seeds.Seed, Replica: o.seeds.Replica})
	if err != nil {
		return nil, err
	}
	rec := bar.NewRecorder(tr)
	total := o.burnin + o.rounds
	every := max(1, total/20)
	for round := 1; round <= total; round++ {
		if err := a.run.Ctx.Err(); err != nil {
			return nil, fmt.Errorf("interrupted at round %d of trajectory tempering", round)
		}
		tr.Round()
		if round > o.burnin {
			rec.Record()
		}
		if round%every == 0 {
			a.progress.Update(0, fmt.Sprintf("bar: round %d of %d", round, total))
		}
	}
	res, err := bar.Ladder(rec.Rungs, z0, o.chains, o.bootstrap, rng.New(o.seeds.Seed, o.seeds.Replica, "rbm-freeenergy/bar-bootstrap"))
	if err != nil {
		return nil, err
	}
	rates := tr.SwapRates()
	settings := fmt.Sprintf("chains=%d burnin=%d rounds=%d bootstrap=%d rungs=%d bottom=independent(epoch=%d) seed=%d replica=%d",
		o.chains, o.burnin, o.rounds, o.bootstrap, len(models), snaps[0].snap.Epoch, o.seeds.Seed, o.seeds.Replica)
	out := make(map[int64]barRung, len(snaps))
	reliable := true
	for i, s := range snaps {
		k := i + 1
		l := res.Links[k-1]
		ok := overlaps(l, rates[k-1])
		reliable = reliable && ok
		out[s.index] = barRung{logZ: res.LogZ[k], stderr: res.StdErr[k], link: l, acceptance: rates[k-1], settings: settings,
			linkOK: ok, reliable: reliable}
		if !ok {
			a.run.Logf("warning: snapshot %d (epoch %d): the link from the rung below overlaps poorly (acceptance %.3f, forward − reverse %.3g nat, BAR SE %.2g): log Z here and above is marked not converged; select snapshots in between",
				s.index, s.snap.Epoch, rates[k-1], l.Forward-l.Reverse, l.StdErr)
		}
	}
	return out, nil
}

// writeBAR writes a snapshot's BAR rows: log Z (with the log-likelihood
// given -data) and the link from the rung below.
func (a *analysis) writeBAR(snap int64, s *format.Snapshot, b barRung, logZ logZWriter) error {
	if err := logZ(format.MethodBAR, b.settings, b.logZ, b.stderr, b.reliable); err != nil {
		return err
	}
	for _, q := range []struct {
		name      string
		value, se float64
	}{
		{format.QuantityDLogZ, b.link.DLogZ, b.link.StdErr},
		{format.QuantityDLogZForward, b.link.Forward, math.NaN()},
		{format.QuantityDLogZReverse, b.link.Reverse, math.NaN()},
		{format.QuantityAcceptance, b.acceptance, math.NaN()},
	} {
		row := blank(snap, s, format.MethodBAR, q.name, b.settings)
		row.Value, row.StdErr, row.Converged = q.value, q.se, b.linkOK
		if err := a.w.Write(&row); err != nil {
			return err
		}
	}
	return nil
}
