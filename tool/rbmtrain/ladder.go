package rbmtrain

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"strconv"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
	"github.com/rbmkit/rbmkit/trajectory"
)

// DefaultLadderTarget is -ladder-target's default: the swap acceptance
// (trajectory.Ladder's weighted estimate of it at equilibrium) below which
// a ladder rung is cut (DsysDML's PTT uses 0.25–0.3; PTT measured medians
// of 0.28–0.32 per link over ladders cut at 0.3, docs/ptt.md).
const DefaultLadderTarget = 0.3

// ladder is a run's ladder rungs (-ladder): trajectory.Ladder on the log Z
// estimator's chains, written to the ladder stream. A nil *ladder does
// nothing.
type ladder struct {
	target, confidence float64
	path               string
	// perEpoch is the number of updates an epoch makes: a rung's epoch
	// is the one its step falls in (with a stride, rungs come up to a
	// stride late, possibly after epochs ended).
	perEpoch int64
	l        *trajectory.Ladder
	out      *cli.Output
	w        *format.Writer[format.Snapshot]
	err      error // the first error of a write during an epoch
}

// ladderTargetKey records the target in the ladder stream's metadata.
const ladderTargetKey = "ladder_target"

// open starts the ladder stream with header h (the main stream's) and
// writes rows, the rungs so far.
func (d *ladder) open(r *cli.Run, h format.Header, rows []*format.Snapshot) error {
	var err error
	if d.out, err = r.SideOutput("-ladder", d.path); err != nil {
		return err
	}
	h.Extra = maps.Clone(h.Extra)
	h.Set(ladderTargetKey, strconv.FormatFloat(d.target, 'g', -1, 64))
	if d.w, err = format.NewWriter[format.Snapshot](d.out, h, format.WithCompression(r.Compression), format.Include(format.LadderColumns...)); err != nil {
		return err
	}
	for _, s := range rows {
		if err := d.w.Write(s); err != nil {
			return err
		}
	}
	return nil
}

// start makes the initial model rung 0 and has the ladder observe every
// update that the estimator follows.
func (d *ladder) start(r *cli.Run, h format.Header, tr *train.Trainer, est *trajectory.Estimator) error {
	if d == nil {
		return nil
	}
	if est == nil {
		return errors.New("-ladder needs -logz")
	}
	d.l = est.EnableLadder(d.target)
	d.l.Confidence = d.confidence
	d.observe(tr)
	return d.open(r, h, []*format.Snapshot{rungRow(tr.Model, 0, 0, 0, math.NaN(), math.NaN())})
}

// restore takes up the ladder of a resumed run: the earlier ladder stream's
// rungs up to the resume point (the count its state records) are copied,
// the last of them is the ladder's last rung.
func (d *ladder) restore(r *cli.Run, tr *train.Trainer, est *trajectory.Estimator, state []byte) error {
	if d == nil {
		return nil
	}
	if est == nil {
		return errors.New("its rbm.train settings have a ladder target but no -logz chains")
	}
	if len(state) == 0 {
		return errors.New("the last snapshot holds no ladder state")
	}
	count, err := trajectory.LadderRungs(state)
	if err != nil {
		return err
	}
	h, rows, err := readLadder(r, d.path, int64(count))
	if err != nil {
		return err
	}
	last := rows[len(rows)-1]
	rung := &rbm.Model{Visible: tr.Model.Visible, Hidden: tr.Model.Hidden, Units: tr.Model.Units, W: last.W, A: last.A, B: last.B}
	if d.l, err = est.RestoreLadder(d.target, rung, state); err != nil {
		return err
	}
	d.l.Confidence = d.confidence
	d.observe(tr)
	return d.open(r, h, rows)
}

// readLadder reads the first count rungs of the ladder stream in path.
func readLadder(r *cli.Run, path string, count int64) (format.Header, []*format.Snapshot, error) {
	f, name, err := r.Input(path)
	if err != nil {
		return format.Header{}, nil, fmt.Errorf("-ladder: %v", err)
	}
	defer f.Close()
	rd, err := format.NewReader[format.Snapshot](f, name)
	if err != nil {
		return format.Header{}, nil, fmt.Errorf("-ladder: %v", err)
	}
	defer rd.Close()
	rd.KeepCompleteRows()
	var rows []*format.Snapshot
	for rd.Next() && int64(len(rows)) < count {
		s := format.CloneSnapshot(rd.Row())
		oldLadderRow(s, true)
		if s.Rung != int64(len(rows)) {
			return format.Header{}, nil, fmt.Errorf("-ladder %s: row %d is rung %d: not a ladder stream in order", name, len(rows), s.Rung)
		}
		rows = append(rows, s)
	}
	if err := rd.Err(); err != nil {
		return format.Header{}, nil, fmt.Errorf("-ladder %s: %v", name, err)
	}
	if int64(len(rows)) < count {
		return format.Header{}, nil, fmt.Errorf("-ladder %s: %d rungs, the run's resume point has %d: not the run's ladder stream", name, len(rows), count)
	}
	return rd.Header(), rows, nil
}

// observe writes a rung after every update that makes one.
func (d *ladder) observe(tr *train.Trainer) {
	follow := tr.AfterUpdate
	tr.AfterUpdate = func(m *rbm.Model) {
		follow(m)
		d.write(int64(tr.Step))
	}
}

// write writes the rungs made since the last call, labelled by the
// update each stands at (Rung.Back updates before step: θ_{t−1} without a
// stride) and that update's epoch.
func (d *ladder) write(step int64) {
	for _, g := range d.l.TakeRungs() {
		if d.err == nil {
			at := step - int64(g.Back)
			d.err = d.w.Write(rungRow(g.Model, at/d.perEpoch, at, int64(g.Index), g.Linked, g.Pairs))
		}
	}
}

// rungRow is a ladder stream row.
func rungRow(m *rbm.Model, epoch, step, rung int64, acceptance, pairs float64) *format.Snapshot {
	return &format.Snapshot{Epoch: epoch, Step: step, W: m.W, A: m.A, B: m.B, ReconError: math.NaN(), PseudoLogLik: math.NaN(),
		TopSigma: []float64{}, Rung: rung, LadderAcceptance: acceptance, LadderPairs: pairs}
}

// oldLadderRow marks a ladder row (of either stream) read from a run
// written before the ladder_pairs column as not measured: NaN rather than
// the reader's 0, which no measurement gives (the effective number is at
// least 1).
func oldLadderRow(s *format.Snapshot, ladder bool) {
	if ladder && s.LadderPairs == 0 {
		s.LadderPairs = math.NaN()
	}
}

// fill writes the snapshot's acceptance to the last rung and the ladder's
// resume state into s.
func (d *ladder) fill(s *format.Snapshot, state bool) error {
	if d == nil {
		return nil
	}
	// Rungs go out before the state that counts them.
	d.write(s.Step)
	s.LadderAcceptance, s.LadderPairs = d.l.Acceptance(), d.l.Pairs()
	if state {
		var err error
		if s.LadderState, err = d.l.MarshalBinary(); err != nil {
			return err
		}
	}
	return d.pending()
}

// pending returns the error of a rung's write during the last epoch.
func (d *ladder) pending() error {
	if d == nil {
		return nil
	}
	return d.err
}

// close ends the ladder stream and keeps it.
func (d *ladder) close() error {
	if d == nil {
		return nil
	}
	if d.err != nil {
		return d.err
	}
	if err := d.w.Close(); err != nil {
		return err
	}
	return d.out.Commit()
}

// abort removes an uncommitted ladder stream.
func (d *ladder) abort() {
	if d != nil && d.out != nil {
		d.out.Abort()
	}
}
