package study

import (
	"flag"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/plot"
)

var update = flag.Bool("update", false, "rewrite pipelines/paper/study.mk from the declaration")

const fragment = "../pipelines/paper/study.mk"

// The included fragment is Makefile(): a declaration changed without
// go test ./study -update fails here.
func TestFragmentUpToDate(t *testing.T) {
	want := Makefile()
	got, err := os.ReadFile(fragment)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if string(got) != want {
		if *update {
			if err := os.WriteFile(fragment, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("%s is out of date: go test ./study -update", fragment)
	}
}

func TestDeclarationConsistent(t *testing.T) {
	for _, err := range Check() {
		t.Error(err)
	}
}

// Every figure is one rbm-plot has for the kind of its first input, and
// one drawn from every run's streams is one that takes several streams.
func TestFiguresArePlotFigures(t *testing.T) {
	for _, f := range Figures {
		spec, err := plot.Lookup(StreamKind(f.From[0]), f.Plot)
		if err != nil {
			t.Errorf("figure %s: %v", f.Name, err)
			continue
		} else if f.Scope == Runs && !spec.Multi {
			t.Errorf("figure %s: rbm-plot's %s figure takes one stream, not every run's", f.Name, f.Plot)
		}
		for _, s := range f.From[1:] {
			if k := StreamKind(s); k != StreamKind(f.From[0]) && !slices.Contains(spec.With, k) {
				t.Errorf("figure %s: rbm-plot's %s figure does not read %s streams (%s) beside its own", f.Name, f.Plot, k, s)
			}
		}
	}
}

// Check itself: each kind of mistake is caught.
func TestCheckCatches(t *testing.T) {
	defer func(s []Stream, k []Stack, f []Figure) { Streams, Stacks, Figures = s, k, f }(Streams, Stacks, Figures)
	cases := map[string]func(){
		"stream twice":     func() { Streams = append(slices.Clone(Streams), Streams[0]) },
		"stack undeclared": func() { Stacks = append(slices.Clone(Stacks), Stack{Name: "x", From: "nope"}) },
		"figure twice":     func() { Figures = append(slices.Clone(Figures), Figures[0]) },
		"hidden from undeclared": func() {
			Figures = append(slices.Clone(Figures), Figure{Name: "x", Scope: Hidden, From: []string{"run", "nope"}, Plot: "modes"})
		},
		"shared two inputs": func() {
			Figures = append(slices.Clone(Figures), Figure{Name: "x", Scope: Shared, From: []string{Test, Train}, Plot: "images"})
		},
		"shared from a stream": func() {
			Figures = append(slices.Clone(Figures), Figure{Name: "x", Scope: Shared, From: []string{"run"}, Plot: "images"})
		},
		"flags make reads": func() {
			Figures = append(slices.Clone(Figures), Figure{Name: "x", Scope: Hidden, From: []string{"run"}, Plot: "modes", Flags: "-modes $(M)"})
		},
		"first input conditional": func() {
			Figures = append(slices.Clone(Figures), Figure{Name: "x", Scope: Hidden, From: []string{"ladder"}, Plot: "sigma"})
		},
		"uses without columns": func() { Stacks = append(slices.Clone(Stacks), Stack{Name: "x", From: "run", Uses: "y"}) },
	}
	for name, spoil := range cases {
		s, k, f := Streams, Stacks, Figures
		spoil()
		if errs := Check(); len(errs) != 1 {
			t.Errorf("%s: Check found %v, want one error", name, errs)
		}
		Streams, Stacks, Figures = s, k, f
	}
}

// A figure with a When is in FIGURES only when its variable is set, per
// hidden size as across runs; one with several inputs gets them all, in
// order.
func TestFragmentConditionsAndInputs(t *testing.T) {
	defer func(f []Figure) { Figures = f }(Figures)
	Figures = []Figure{
		{Name: "a", Scope: Runs, From: []string{"run"}, Plot: "sigma", When: "X"},
		{Name: "b", Scope: Hidden, From: []string{"fe", "logz"}, Plot: "logz", Flags: "-snapshots last", When: "Y"},
		{Name: "c", Scope: Hidden, From: []string{"run"}, Plot: "modes"},
		{Name: "d", Scope: Hidden, From: []string{"spectrum", "ladder"}, Plot: "modes"},
		{Name: "e", Scope: Runs, From: []string{"run", "ladder"}, Plot: "sigma", When: "LADDER"},
	}
	mk := Makefile()
	for _, want := range []string{
		"FIGURES := $(if $(X),$(OUT)/fig/a.png) $(if $(LADDER),$(OUT)/fig/e.png) \\\n\t$(foreach m,$(HIDDEN),$(foreach f,$(if $(Y),b) c d,$(OUT)/fig/m$(m)-$(f).png))\n",
		"$(OUT)/fig/m%-b.png: $(OUT)/m%/r$(REP)/fe.arrows $(OUT)/m%/r$(REP)/logz.arrows\n",
		// A further input some runs lack is given only when they have it,
		// unless the figure itself needs it.
		"$(OUT)/fig/m%-d.png: $(OUT)/m%/r$(REP)/spectrum.arrows $(if $(LADDER),$(OUT)/m%/r$(REP)/ladder.arrows)\n",
		"$(OUT)/fig/e.png: $(RUNS:%=$(OUT)/%/run.arrows) $(RUNS:%=$(OUT)/%/ladder.arrows)\n",
		"$(BIN)/rbm-plot -figure logz -snapshots last -o $(basename $@).svg $^ && $(BIN)/rbm-plot -figure logz -snapshots last -o $@ $^\n",
	} {
		if !strings.Contains(mk, want) {
			t.Errorf("the fragment lacks %q:\n%s", want, mk)
		}
	}
}

// The Makefile has a rule for each declared stream (a target
// $(OUT)/%/<name>.arrows) and none for an undeclared one, and includes
// the fragment.
func TestMakefileRulesMatchStreams(t *testing.T) {
	mk, err := os.ReadFile("../pipelines/paper/Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var ruled []string
	rule := regexp.MustCompile(`^(\$\(OUT\)/%/[^:]*):`)
	target := regexp.MustCompile(`\$\(OUT\)/%/([a-z0-9_-]+)\.arrows`)
	for _, line := range strings.Split(string(mk), "\n") {
		if m := rule.FindStringSubmatch(line); m != nil {
			for _, tm := range target.FindAllStringSubmatch(m[1], -1) {
				ruled = append(ruled, tm[1])
			}
		}
	}
	var declared []string
	for _, s := range Streams {
		declared = append(declared, s.Name)
	}
	slices.Sort(ruled)
	slices.Sort(declared)
	if !slices.Equal(ruled, declared) {
		t.Errorf("the Makefile has rules for the streams %v, the declaration has %v", ruled, declared)
	}
	if !regexp.MustCompile(`(?m)^include .*study\.mk$`).Match(mk) {
		t.Errorf("the Makefile does not include study.mk")
	}
}

// make itself, reading the Makefile and the fragment, names the streams,
// the stacks and the figures the declaration has (at two hidden sizes, with
// and without the trajectory's learning curves).
func TestMakeSeesTheDeclaration(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatal("make is not installed: the paper pipeline needs it")
	}
	print := func(v string, vars ...string) []string {
		args := append([]string{"-s", "--no-print-directory", "-C", "../pipelines/paper", "OUT=o", "HIDDEN=16 64", "REPLICAS=1 2"}, vars...)
		out, err := exec.Command("make", append(args, "print-"+v)...).CombinedOutput()
		if err != nil {
			t.Fatalf("make print-%s: %v\n%s", v, err, out)
		}
		return strings.Fields(string(out))
	}
	var streams, stacks []string
	for _, s := range Streams {
		streams = append(streams, s.Name+".arrows")
	}
	for _, s := range Stacks {
		stacks = append(stacks, "o/agg/"+s.Name+".arrows")
	}
	if got := print("RUN_STREAMS"); !slices.Equal(got, streams) {
		t.Errorf("RUN_STREAMS %v, want %v", got, streams)
	}
	if got := print("AGG_ARROWS"); !slices.Equal(got, stacks) {
		t.Errorf("AGG_ARROWS %v, want %v", got, stacks)
	}
	for _, logz := range []string{"trajectory", "ais"} {
		var want []string
		for _, f := range Figures {
			switch {
			case f.Scope == Hidden:
				for _, m := range []string{"16", "64"} {
					want = append(want, "o/fig/m"+m+"-"+f.Name+".png")
				}
			case f.When == "" || logz == "trajectory":
				want = append(want, "o/fig/"+f.Name+".png")
			}
		}
		got := print("FIGURES", "LOGZ="+logz)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("LOGZ=%s: FIGURES %v, want %v", logz, got, want)
		}
	}
}
