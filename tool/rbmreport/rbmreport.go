package rbmreport

import (
	"flag"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/report"
)

// Tool is the rbm-report command.
var Tool = cli.Tool{
	Name:        "rbm-report",
	Synopsis:    "[flags] study-dir",
	SideOutputs: []string{"html"},
	Summary: `Write a study's report (pipelines/paper's OUT directory): tables from the stacks in
study-dir/agg, a verdict on each of the paper's claims with the numbers behind it,
and the figures of study-dir/fig, as Markdown (-o) and one web page (-html).`,
	Example: `rbm-report -o out/quick/REPORT.md -html out/quick/report.html out/quick
rbm-report -figure-replica 1 out/quick | less
rbm-report -compare out/quick-CENTERED1 -o out/quick/REPORT.md out/quick`,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.html, "html", "", "also write the report as a self-contained web page to `file`")
		fs.IntVar(&o.replica, "figure-replica", -1, "the replica whose per-run figures the report shows (-1: the smallest; must match the figures drawn)")
		fs.StringVar(&o.compare, "compare", "", "also compare the study with the study in `dir` (another sweep point: its agg/)")
		return o.run
	},
}

type options struct {
	html    string
	compare string
	replica int
}

func (o *options) run(r *cli.Run) error {
	if len(r.Args) != 1 {
		return cli.Usagef("want one study directory (the one holding agg/ and fig/), got %d arguments", len(r.Args))
	}
	other := ""
	if o.compare != "" {
		other = r.Path(o.compare)
	}
	doc, err := report.BuildCompare(r.Path(r.Args[0]), other, o.replica)
	if err != nil {
		return err
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	if o.html != "" {
		page, err := r.SideOutput("-html", o.html)
		if err != nil {
			return err
		}
		defer page.Abort()
		if err := doc.WriteHTML(page); err != nil {
			return err
		}
		if err := page.Commit(); err != nil {
			return err
		}
	}
	if err := doc.WriteMarkdown(out); err != nil {
		return err
	}
	return out.Commit()
}
