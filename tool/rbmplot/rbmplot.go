package rbmplot

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/plot"
)

// Tool is the rbm-plot command.
var Tool = cli.Tool{
	Name:     "rbm-plot",
	Synopsis: "[flags] [stream ...]",
	Summary: `Draw the figure for rbmkit streams of any kind as PNG, SVG or PDF (-list shows
every kind's figures; the first is the default). Several streams of one kind
(replicas, hidden sizes) make figures that compare runs. Flags come before files.`,
	Example: `rbm-plot < mnist.arrows > digits.png
rbm-plot -figure vectors -modes 10 -snapshots 0,5,last -o vectors.pdf run.arrows
rbm-svd run.arrows | rbm-mp | rbm-plot -snapshots 0,last > spectrum.png
rbm-plot -figure order -o order.svg m*/r*/mpfit.arrows
rbm-svd -data test.arrows run.arrows | rbm-plot -figure reciprocal -modes 6 -snapshots last > gauss.png
rbm-plot -list`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.figure, "figure", "", "which figure of the stream's kind (default: the kind's first; see -list)")
		fs.StringVar(&o.format, "format", "", "output format: png, svg or pdf (default: from the -o extension, else png)")
		fs.StringVar(&o.width, "width", "", "figure width, e.g. 16cm, 6in or 1200px (default: the figure's own)")
		fs.StringVar(&o.height, "height", "", "figure height (default: the figure's own, or scaled with -width)")
		fs.Var(&o.modes, "modes", "how many modes to draw, the top `k` by σ (default: the figure's)")
		fs.StringVar(&o.ids, "ids", "", "which modes, by tracked `id`: a comma-separated list, drawn in that order instead of the top -modes (figure reciprocal)")
		fs.Var(&o.snapshots, "snapshots", "snapshots to draw: "+cli.SnapshotsUsage+" (default: the figure's)")
		cli.Alias(fs, "snapshot", "snapshots")
		fs.IntVar(&o.count, "limit", 0, "how many images an image grid shows, at most (0: its default)")
		cli.Alias(fs, "n", "limit")
		fs.IntVar(&o.bins, "bins", 0, "histogram bins (0: the figure's choice)")
		fs.BoolVar(&o.list, "list", false, "list the kinds and their figures, and exit")
		return o.run
	},
}

type options struct {
	figure, format, width, height, ids string
	snapshots                          cli.Selection
	count, bins                        int
	modes                              cli.Modes
	list                               bool
}

func (o *options) run(r *cli.Run) error {
	if o.list {
		return list(r.Env.Stdout)
	}
	opt := plot.Options{Snapshots: o.snapshots.Selection}
	var err error
	if opt.ModeIDs, err = plot.ParseModeIDs(o.ids); err != nil {
		return cli.Usagef("-ids: %v", err)
	}
	if o.count < 0 || o.bins < 0 {
		return cli.Usagef("-limit and -bins must be ≥ 0")
	}
	opt.Modes, opt.Count, opt.Bins = o.modes.K, o.count, o.bins
	var width, height vg.Length
	if o.width != "" {
		if width, err = plot.ParseLength(o.width); err != nil {
			return cli.Usagef("-width: %v", err)
		}
	}
	if o.height != "" {
		if height, err = plot.ParseLength(o.height); err != nil {
			return cli.Usagef("-height: %v", err)
		}
	}
	if o.format != "" && plot.FormatOf("."+o.format) == "" {
		return cli.Usagef("-format %q: want %s", o.format, strings.Join(plot.Formats, ", "))
	}

	names := r.Args
	if len(names) == 0 {
		names = []string{"-"}
	}
	stdin := 0
	var ins []plot.Input
	for _, name := range names {
		if name == "-" {
			if stdin++; stdin > 1 {
				return cli.Usagef("stdin (-) given more than once")
			}
		}
		f, n, err := r.Input(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in, err := plot.Open(f, n)
		if err != nil {
			return err
		}
		ins = append(ins, in)
	}

	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	fmtName := strings.ToLower(o.format)
	if fmtName == "" {
		fmtName = "png"
		if out.Name != "stdout" {
			if fmtName = plot.FormatOf(out.Name); fmtName == "" {
				return cli.Usagef("-o %s: cannot tell the image format from the extension: name it .png, .svg or .pdf, or give -format", out.Name)
			}
		}
	}

	fig, err := plot.Build(ins, o.figure, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	if err := fig.Render(bw, width, height, fmtName); err != nil {
		return fmt.Errorf("%s: %v", out.Name, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %v", out.Name, err)
	}
	return out.Commit()
}

func list(w io.Writer) error {
	for _, k := range plot.Kinds() {
		fmt.Fprintf(w, "%s:\n", k)
		for i, s := range plot.Figures(k) {
			mark := ""
			if i == 0 {
				mark = " (default)"
			}
			multi := ""
			if s.Multi {
				multi = " [several streams]"
			}
			fmt.Fprintf(w, "  %-10s %s%s%s\n", s.Name, s.Summary, multi, mark)
		}
	}
	return nil
}
