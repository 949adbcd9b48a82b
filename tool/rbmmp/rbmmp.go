package rbmmp

import (
	"flag"
	"fmt"
	"io"
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
	Summary: `Fit the Marchenko–Pastur law to every snapshot of a spectrum stream (rbm-svd, all
modes): noise variance, bulk edges, goodness of fit, outliers, the modes past the
mean-field threshold, histogram and density tables. A stack fits each run.`,
	Example: `rbm-svd run.arrows | rbm-mp > mpfit.arrows
rbm-mp -no-tables spectrum.arrows | rbm-cat -columns epoch,table,outliers,unstable,consistent | grep summary
rbm-stack m*/r*/spectrum.arrows | rbm-mp -no-tables | rbm-cat -columns run,hidden,replica,seed,table,epoch,outliers | grep summary`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.Float64Var(&o.allowance, "allowance", mp.DefaultAllowance, "outlier cutoff: the bulk edge plus this many Tracy–Widom scales")
		fs.IntVar(&o.bins, "bins", 0, "histogram bins (0: Freedman–Diaconis)")
		fs.IntVar(&o.points, "points", 200, "points of the fitted density curve")
		cli.Within(fs, "allowance", "[0,inf)")
		fs.BoolVar(&o.noTables, "no-tables", false, "write only the summary and outlier rows")
		return o.run
	},
}

// MaxTable bounds -bins and -points: each is a table of rows written for
// every snapshot, so their product with the snapshots is the output's size
// (10⁷ points of 20 snapshots were 7.4 GB).
const MaxTable = 100000

type options struct {
	allowance    float64
	bins, points int
	noTables     bool
}

func (o *options) run(r *cli.Run) error {
	if o.allowance < 0 || o.bins < 0 || o.points < 2 {
		return cli.Usagef("-allowance and -bins must be ≥ 0 and -points ≥ 2")
	}
	if o.bins > MaxTable || o.points > MaxTable {
		return cli.Usagef("-bins %d, -points %d: at most %d each (rows of every snapshot's tables; a figure shows a few hundred)", o.bins, o.points, MaxTable)
	}
	rows, h, name, err := openModes(r)
	if err != nil {
		return err
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
	write, closeOut, err := fitWriter(out, h.Derive(format.KindMPFit, r.Step()), h.Stacked(), r.Compression)
	if err != nil {
		return err
	}
	g := &snapshotModes{o: o, name: name, stacked: h.Stacked(), rows: rows, write: write, threshold: mp.InstabilityThreshold(units)}
	for rows.Next() {
		if err := g.add(rows.Row(), rows.Run(), rows.RunHeader()); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := g.flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	return out.Commit()
}

// openModes opens the input: one run's spectrum stream, or a stack of them.
func openModes(r *cli.Run) (modes, format.Header, string, error) {
	in, name, err := r.SingleInput()
	if err != nil {
		return nil, format.Header{}, "", err
	}
	s, err := format.OpenStream(in, name)
	if err != nil {
		in.Close()
		return nil, format.Header{}, "", err
	}
	h := s.Header()
	var rows modes
	if h.Stacked() {
		rows, err = format.StackReaderOf[format.Mode](s)
	} else {
		var rd *format.Reader[format.Mode]
		if rd, err = format.ReaderOf[format.Mode](s); err == nil {
			rows = single{rd}
		}
	}
	if err != nil {
		s.Close()
		in.Close()
		return nil, h, name, err
	}
	return closing{rows, in}, h, name, nil
}

// closing closes the input file after the stream.
type closing struct {
	modes
	in io.Closer
}

func (c closing) Close() {
	c.modes.Close()
	c.in.Close()
}

// fitWriter returns how to write a fit row of the run at a position of the
// stack (0 for one run's stream): a stack of spectra gives a stack of fits.
func fitWriter(out io.Writer, h format.Header, stacked bool, c format.Compression) (write func(run int, f *format.Fit) error, closeOut func() error, err error) {
	if stacked {
		w, err := format.NewStackWriter[format.Fit](out, h, format.WithCompression(c))
		if err != nil {
			return nil, nil, err
		}
		return w.Write, w.Close, nil
	}
	w, err := format.NewWriter[format.Fit](out, h, format.WithCompression(c))
	if err != nil {
		return nil, nil, err
	}
	return func(_ int, f *format.Fit) error { return w.Write(f) }, w.Close, nil
}

// snapshotModes gathers the modes of one snapshot of one run, and fits
// them when the next snapshot begins.
type snapshotModes struct {
	o         *options
	name      string
	stacked   bool
	rows      modes
	write     func(run int, f *format.Fit) error
	threshold float64

	sigma      []float64
	ids, ranks []int64
	cur        format.Mode
	run        int           // position of cur's run in the stack
	runHeader  format.Header // cur's run: its hidden size sets the fit's shape
}

func (g *snapshotModes) add(m *format.Mode, run int, runHeader format.Header) error {
	if len(g.sigma) > 0 && (m.Snapshot != g.cur.Snapshot || run != g.run) {
		if err := g.flush(); err != nil {
			return err
		}
	}
	g.cur = format.Mode{Snapshot: m.Snapshot, Epoch: m.Epoch, Step: m.Step}
	g.run, g.runHeader = run, runHeader
	g.sigma, g.ids, g.ranks = append(g.sigma, m.Sigma), append(g.ids, m.ModeID), append(g.ranks, m.Rank)
	return nil
}

func (g *snapshotModes) flush() error {
	if len(g.sigma) == 0 {
		return nil
	}
	at := fmt.Sprintf("snapshot %d", g.cur.Snapshot)
	if g.stacked {
		at = fmt.Sprintf("run %d, %s", g.rows.Runs()[g.run].Run, at)
	}
	if p := min(g.runHeader.Visible, g.runHeader.Hidden); len(g.sigma) != p {
		return fmt.Errorf("%s: %s has %d modes; a fit needs all min(N,M) = %d (run rbm-svd without -modes)", g.name, at, len(g.sigma), p)
	}
	run := g.run
	err := g.o.fit(func(f *format.Fit) error { return g.write(run, f) }, g.cur, g.sigma, g.ids, g.ranks, g.runHeader, g.threshold)
	g.sigma, g.ids, g.ranks = g.sigma[:0], g.ids[:0], g.ranks[:0]
	if err != nil {
		return fmt.Errorf("%s (epoch %d): %v", at, g.cur.Epoch, err)
	}
	return nil
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
	s := blank(format.FitSummary, at)
	s.S2 = res.S2
	s.SigmaLo, s.SigmaHi = res.Law.SigmaEdges()
	s.LambdaLo, s.LambdaHi = res.Law.Edges()
	s.Cutoff, s.KS, s.PValue, s.KSReference, s.Consistent = res.SigmaCutoff, res.KS, res.PValue, res.KSReference, res.ConsistentWithMP
	s.Outliers, s.Unstable, s.Threshold = int64(len(res.Outliers)), int64(len(mp.Above(sigma, threshold))), threshold
	if err := write(&s); err != nil {
		return err
	}
	for _, m := range res.Outliers {
		row := blank(format.FitOutlier, at)
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
		hist, density string
		p             mp.Panel
	}{{format.FitHistSigma, format.FitDensitySigma, tab.Sigma}, {format.FitHistLambda, format.FitDensityLambda, tab.Lambda}} {
		for _, b := range panel.p.Bins {
			row := blank(panel.hist, at)
			row.X, row.XHi, row.Value, row.Count = b.Lo, b.Hi, b.Density, int64(b.Count)
			if err := write(&row); err != nil {
				return err
			}
		}
		for _, pt := range panel.p.Curve {
			row := blank(panel.density, at)
			row.X, row.Value = pt.X, pt.Density
			if err := write(&row); err != nil {
				return err
			}
		}
	}
	return nil
}
