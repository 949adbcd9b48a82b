package rbmstack

import (
	"flag"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/stack"
)

// Tool is the rbm-stack command.
var Tool = cli.Tool{
	Name:     "rbm-stack",
	Synopsis: "[flags] file...",
	Summary: `Concatenate streams of one kind from several runs (replicas, hidden sizes, sweep
points) into one stream whose rows start with run, hidden, replica and seed:
a whole study in one table for rbm-cat, polars or pyarrow.`,
	Example: `rbm-stack out/m*/r*/mpfit.arrows > mpfit-all.arrows
rbm-stack -columns epoch,sigma,ipr_u out/m*/r*/spectrum.arrows | rbm-cat -format csv > spectra.csv
rbm-stack -drop W,a,b,state,top_sigma out/m64/r*/run.arrows | rbm-cat`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.columns, "columns", "", "keep only these comma-separated `columns`, in this order")
		fs.StringVar(&o.drop, "drop", "", "leave out these comma-separated `columns`")
		return o.run
	},
}

type options struct{ columns, drop string }

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (o *options) run(r *cli.Run) error {
	names := r.Args
	if len(names) == 0 {
		return cli.Usagef("no input files: give the runs' streams to stack")
	}
	stdin := 0
	for _, n := range names {
		if n == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return cli.Usagef("stdin (-) can be only one of the inputs")
	}
	opt := stack.Options{Columns: split(o.columns), Drop: split(o.drop), Compression: r.Compression, Step: r.Step()}
	if o.columns != "" && opt.Columns == nil {
		return cli.Usagef("-columns %q names no column", o.columns)
	}
	var streams []*format.Stream
	defer func() {
		for _, s := range streams {
			s.Close()
		}
	}()
	for _, n := range names {
		in, name, err := r.Input(n)
		if err != nil {
			return err
		}
		defer in.Close()
		s, err := format.OpenStream(in, name)
		if err != nil {
			return err
		}
		streams = append(streams, s)
	}
	st, err := stack.New(streams, opt)
	if err != nil {
		return err
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := st.Write(out, r.Compression); err != nil {
		return err
	}
	return out.Commit()
}
