package rbmmp

import (
	"flag"
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/mp"
	"github.com/rbmkit/rbmkit/rbm"
)

// Tool is the rbm-mp command.
var Tool = cli.Tool{
	Name:     "rbm-mp",
	Synopsis: "[flags] [spectrum.arrows]",
	Summary: `Fit the Marchenko–Pastur law to every snapshot of a spectrum stream (from
rbm-svd, all modes): noise variance, bulk edges, goodness of fit, the
outlying modes (the learned ones) and the modes past the mean-field
instability threshold, plus histogram and density tables for plots.
A stack of spectra (rbm-stack) of several replicas and hidden sizes gives a
stack of fits: each run fitted with its own M, rows led by the run, hidden,
replica and seed columns, as rbm-stack of the runs' own fits would be.`,
	Example: `rbm-svd run.arrows | rbm-mp > mpfit.arrows
rbm-mp -no-tables spectrum.arrows | rbm-cat -columns epoch,table,outliers,unstable,consistent | grep summary
rbm-stack m*/r*/spectrum.arrows | rbm-mp -no-tables | rbm-cat -columns run,hidden,replica,seed,table,epoch,outliers | grep summary`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.Float64Var(&o.allowance, "allowance", mp.DefaultAllowance, "outlier cutoff: the bulk edge plus this many Tracy–Widom scales")
		fs.IntVar(&o.bins, "bins", 0, "histogram bins (0: Freedman–Diaconis)")
		fs.IntVar(&o.points, "points", 200, "points of the fitted density curve")
		fs.BoolVar(&o.noTables, "no-tables", false, "write only the summary and outlier rows")
		return o.run
	},
}

type options struct {
	allowance    float64
	bins, points int
	noTables     bool
}

func (o *options) run(r *cli.Run) error {
	if o.allowance < 0 || o.bins < 0 || o.points < 2 {
		return cli.Usagef("-allowance and -bins must be ≥ 0 and -points ≥ 2")
	}
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	defer in.Close()
	s, err := format.OpenStream(in, name)
	if err != nil {
		return err
	}
	h := s.Header()
	var rows modes
	if h.Stacked() {
		sr, err := format.StackReaderOf[format.Mode](s)
		if err != nil {
			s.Close()
			return err
		}
		rows = sr
	} else {
		rd, err := format.ReaderOf[format.Mode](s)
		if err != nil {
			s.Close()
			return err
		}
		rows = single{rd}
	}
	defer rows.Close()
	units, err := rbm.ParseUnits(h.Units)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	// write emits a fit row of the run at that position of the stack (0 for
	// one run's stream): a stack of spectra gives a stack of fits.
	var write func(run int, f *format.Fit) error
	var closeOut func() error
	derived := h.Derive(format.KindMPFit, r.Step())
	if h.Stacked() {
		w, err := format.NewStackWriter[format.Fit](out, derived, format.WithCompression(r.Compression))
		if err != nil {
			return err
		}
		write, closeOut = w.Write, w.Close
	} else {
		w, err := format.NewWriter[format.Fit](out, derived, format.WithCompression(r.Compression))
		if err != nil {
			return err
		}
		write = func(_ int, f *format.Fit) error { return w.Write(f) }
		closeOut = w.Close
	}
	threshold := mp.InstabilityThreshold(units)
	var sigma []float64
	var ids, ranks []int64
	var cur format.Mode
	var run int                 // position of cur's run in the stack
	var runHeader format.Header // cur's run: its hidden size sets the fit's shape
	flush := func() error {
		if len(sigma) == 0 {
			return nil
		}
		at := fmt.Sprintf("snapshot %d", cur.Snapshot)
		if h.Stacked() {
			at = fmt.Sprintf("run %d, %s", rows.Runs()[run].Run, at)
		}
		if p := min(runHeader.Visible, runHeader.Hidden); len(sigma) != p {
			return fmt.Errorf("%s: %s has %d modes; a fit needs all min(N,M) = %d (run rbm-svd without -modes)", name, at, len(sigma), p)
		}
		err := o.fit(func(f *format.Fit) error { return write(run, f) }, cur, sigma, ids, ranks, runHeader, threshold)
		sigma, ids, ranks = sigma[:0], ids[:0], ranks[:0]
		if err != nil {
			return fmt.Errorf("%s (epoch %d): %v", at, cur.Epoch, err)
		}
		return nil
	}
	for rows.Next() {
		m := rows.Row()
		if len(sigma) > 0 && (m.Snapshot != cur.Snapshot || rows.Run() != run) {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = format.Mode{Snapshot: m.Snapshot, Epoch: m.Epoch, Step: m.Step}
		run, runHeader = rows.Run(), rows.RunHeader()
		sigma, ids, ranks = append(sigma, m.Sigma), append(ids, m.ModeID), append(ranks, m.Rank)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	return out.Commit()
}

// modes reads the spectrum's rows with the run of each (a stack's, or the
// one run of a plain spectrum stream).
type modes interface {
	Next() bool
	Row() *format.Mode
	Err() error
	Close()
	Runs() []format.StackedRun
	Run() int
	RunHeader() format.Header
}

// single is one run's spectrum stream seen as a stack of one.
type single struct{ *format.Reader[format.Mode] }

func (single) Runs() []format.StackedRun  { return []format.StackedRun{{}} }
func (single) Run() int                   { return 0 }
func (s single) RunHeader() format.Header { return s.Header() }

// blank returns a row of the given table with every value column unset.
func blank(table string, at format.Mode) format.Fit {
	nan := math.NaN()
	return format.Fit{Table: table, Snapshot: at.Snapshot, Epoch: at.Epoch, Step: at.Step,
		X: nan, XHi: nan, Value: nan, Count: -1, Mode: -1, Rank: -1, S2: nan, SigmaLo: nan, SigmaHi: nan,
		LambdaLo: nan, LambdaHi: nan, Cutoff: nan, KS: nan, PValue: nan, KSReference: nan,
		Outliers: -1, Unstable: -1, Threshold: nan}
}

func (o *options) fit(write func(*format.Fit) error, at format.Mode, sigma []float64, ids, ranks []int64, h format.Header, threshold float64) error {
	res, err := mp.Fit(sigma, h.Visible, h.Hidden, mp.Options{Allowance: o.allowance})
	if err != nil {
		return err
	}
	s := blank("summary", at)
	s.S2 = res.S2
	s.SigmaLo, s.SigmaHi = res.Law.SigmaEdges()
	s.LambdaLo, s.LambdaHi = res.Law.Edges()
	s.Cutoff, s.KS, s.PValue, s.KSReference, s.Consistent = res.SigmaCutoff, res.KS, res.PValue, res.KSReference, res.ConsistentWithMP
	s.Outliers, s.Unstable, s.Threshold = int64(len(res.Outliers)), int64(len(mp.Above(sigma, threshold))), threshold
	if err := write(&s); err != nil {
		return err
	}
	for _, m := range res.Outliers {
		row := blank("outlier", at)
		row.Mode, row.Rank, row.X = ids[m.Index], ranks[m.Index], m.Sigma
		if err := write(&row); err != nil {
			return err
		}
	}
	if o.noTables {
		return nil
	}
	tab := res.Table(mp.TableOptions{Bins: o.bins, Points: o.points})
	for _, panel := range []struct {
		name string
		p    mp.Panel
	}{{"sigma", tab.Sigma}, {"lambda", tab.Lambda}} {
		for _, b := range panel.p.Bins {
			row := blank("hist_"+panel.name, at)
			row.X, row.XHi, row.Value, row.Count = b.Lo, b.Hi, b.Density, int64(b.Count)
			if err := write(&row); err != nil {
				return err
			}
		}
		for _, pt := range panel.p.Curve {
			row := blank("density_"+panel.name, at)
			row.X, row.Value = pt.X, pt.Density
			if err := write(&row); err != nil {
				return err
			}
		}
	}
	return nil
}
