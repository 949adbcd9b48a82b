package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// loadPair loads the main test study and the other sweep point beside
// it, with their directories.
func loadPair(t *testing.T) (a, b *Study, da, db string) {
	t.Helper()
	da, db = testStudyDir(t), otherStudy.get(t)
	a, err := LoadStudy(da)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = LoadStudy(db); err != nil {
		t.Fatal(err)
	}
	return a, b, da, db
}

// runTrain is the rbm.train header of one run's own checkpoint stream,
// decoded.
func runTrain(t *testing.T, dir string, m, r int) map[string]any {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("m%d/r%d/run.arrows", m, r))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader[format.Snapshot](f, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	js, _ := rd.Header().Get("rbm.train")
	var out map[string]any
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatalf("%s: rbm.train: %v", path, err)
	}
	return out
}

// TestCompareTables checks the comparison of the two test studies against
// each run's own streams: the hidden sizes, the training settings that
// differ, the order parameter at the epochs both have and the end of
// training.
func TestCompareTables(t *testing.T) {
	a, b, da, db := loadPair(t)
	if a.Name != "quick" || b.Name != "quick-CENTERED1" {
		t.Errorf("names %q, %q; want the directories' base names", a.Name, b.Name)
	}
	for _, c := range []struct {
		a, b *Study
		want string
	}{{a, b, "[3 5] [] [4]"}, {b, a, "[3 5] [4] []"}} {
		both, onlyA, onlyB := sizeSplit(c.a, c.b)
		if got := fmt.Sprint(both, onlyA, onlyB); got != c.want {
			t.Errorf("%s beside %s: sizes in both, only in the first, only in the second %s; want %s", c.a.Name, c.b.Name, got, c.want)
		}
	}

	// Settings: those whose decoded values differ between the first runs,
	// hidden size and replica aside; the centered gradient among them.
	ta, tb := runTrain(t, da, 3, 0), runTrain(t, db, 3, 0)
	var want []string
	for k := range ta {
		if _, ok := tb[k]; !ok {
			want = append(want, k)
		}
	}
	for k, v := range tb {
		if k != "Hidden" && k != "Replica" && !reflect.DeepEqual(ta[k], v) {
			want = append(want, k)
		}
	}
	slices.Sort(want)
	var got []string
	for _, d := range trainDiff(a.Train, b.Train) {
		got = append(got, d.name)
		if d.name == "Centered" && (d.a != "–" || d.b != "true") {
			t.Errorf("Centered: %s / %s, want – / true", d.a, d.b)
		}
	}
	if !slices.Equal(got, want) || !slices.Contains(got, "Centered") || !slices.Contains(got, "Snapshots") {
		t.Errorf("differing settings %v, want %v (with Centered and Snapshots)", got, want)
	}
	if d := trainDiff(a.Train, a.Train); len(d) != 0 {
		t.Errorf("a study differs from itself in %v", d)
	}

	// Per run of each hidden size in both studies: outliers by epoch, and
	// the end.
	type runEnd struct {
		outliers          map[int64]float64
		last, sigma1, un  float64
		llEpoch           int64
		ll                float64
		llMethod, epochsS string
	}
	direct := func(dir string, s *Study, m int) []runEnd {
		var out []runEnd
		for _, r := range s.Replicas[m] {
			re := runEnd{outliers: map[int64]float64{}}
			var last format.Fit
			for _, f := range readRun[format.Fit](t, dir, m, r, "mpfit") {
				if f.Table == "summary" {
					re.outliers[f.Epoch] = float64(f.Outliers)
					last = f
				}
			}
			re.un = float64(last.Unstable)
			snaps := readRun[format.Snapshot](t, dir, m, r, "run")
			re.last, re.sigma1 = float64(snaps[len(snaps)-1].Epoch), snaps[len(snaps)-1].TopSigma[0]
			re.llEpoch = -1
			for _, e := range readRun[format.Estimate](t, dir, m, r, "logz") {
				if e.Quantity == "loglik" && isRef(e.Method) && e.Epoch >= re.llEpoch {
					re.llEpoch, re.ll, re.llMethod = e.Epoch, e.Value, e.Method
				}
			}
			out = append(out, re)
		}
		return out
	}
	col := func(rs []runEnd, f func(runEnd) float64) []float64 {
		var v []float64
		for _, r := range rs {
			v = append(v, f(r))
		}
		return v
	}
	outliers := 0.0
	for _, m := range []int{3, 5} {
		ra, rb := direct(da, a, m), direct(db, b, m)
		if len(ra) != a.nrep(m) || len(rb) != b.nrep(m) {
			t.Fatalf("M = %d: %d and %d runs, want %d and %d", m, len(ra), len(rb), a.nrep(m), b.nrep(m))
		}
		var epochs []int64
		for e := range ra[0].outliers {
			if _, ok := rb[0].outliers[e]; ok {
				epochs = append(epochs, e)
			}
		}
		slices.Sort(epochs)
		if len(epochs) < 2 || len(epochs) == len(ra[0].outliers) {
			t.Fatalf("M = %d: epochs both studies have %v of %d: the test wants a strict subset of two or more", m, epochs, len(ra[0].outliers))
		}
		rows := orderRows(a, b, m)
		if len(rows) != len(epochs) {
			t.Fatalf("M = %d: %d order-parameter rows, want the %d epochs %v", m, len(rows), len(epochs), epochs)
		}
		for i, r := range rows {
			if r.epoch != epochs[i] {
				t.Errorf("M = %d row %d: epoch %d, want %d", m, i, r.epoch, epochs[i])
			}
			e := epochs[i]
			sameStat(t, fmt.Sprintf("M = %d epoch %d outliers (a)", m, e), r.a, col(ra, func(x runEnd) float64 { return x.outliers[e] }))
			sameStat(t, fmt.Sprintf("M = %d epoch %d outliers (b)", m, e), r.b, col(rb, func(x runEnd) float64 { return x.outliers[e] }))
			outliers += r.a.Mean() + r.b.Mean()
		}

		end := endRows(a, b, m)
		checks := []struct {
			what string
			f    func(runEnd) float64
		}{
			{"last epoch", func(x runEnd) float64 { return x.last }},
			{"σ₁", func(x runEnd) float64 { return x.sigma1 }},
			{"modes past σ = 4", func(x runEnd) float64 { return x.un }},
			{"test LL", func(x runEnd) float64 { return x.ll }},
		}
		for _, c := range checks {
			i := slices.IndexFunc(end, func(r endRow) bool { return strings.HasPrefix(r.what, c.what) })
			if i < 0 {
				t.Errorf("M = %d: no end row %q in %v", m, c.what, end)
				continue
			}
			sameStat(t, fmt.Sprintf("M = %d %s (a)", m, c.what), end[i].a, col(ra, c.f))
			sameStat(t, fmt.Sprintf("M = %d %s (b)", m, c.what), end[i].b, col(rb, c.f))
		}
		wantLL := fmt.Sprintf("test LL at epoch %d / %d (%s / %s)", ra[0].llEpoch, rb[0].llEpoch, ra[0].llMethod, rb[0].llMethod)
		if end[len(end)-1].what != wantLL {
			t.Errorf("M = %d: test LL row %q, want %q", m, end[len(end)-1].what, wantLL)
		}
	}
	if outliers == 0 {
		t.Errorf("no outlier in either study at any epoch both have: the order parameter is not tested")
	}
}

func TestCompareCells(t *testing.T) {
	for _, c := range []struct {
		a, b     []float64
		sa, diff string
	}{
		{[]float64{1, 2, 3}, []float64{4}, "2.0 ± 1.0 (n = 3)", "+2.0"},
		{[]float64{5}, []float64{5, 5}, "5.0 (n = 1)", "0.0"},
		{[]float64{-1}, []float64{-3, -2}, "-1.0 (n = 1)", "-1.5"},
		{nil, []float64{1}, "–", "–"},
	} {
		var a, b Stat
		for _, x := range c.a {
			a.Add(x)
		}
		for _, x := range c.b {
			b.Add(x)
		}
		if got := meanSD(a, 1); got != c.sa {
			t.Errorf("%v: %q, want %q", c.a, got, c.sa)
		}
		if got := diff(a, b, 1); got != c.diff {
			t.Errorf("%v → %v: difference %q, want %q", c.a, c.b, got, c.diff)
		}
	}
	for _, c := range []struct{ a, b, want string }{
		{`{"LearningRate":1,"Hidden":3}`, `{"LearningRate":0.5,"Hidden":4}`, `[{LearningRate 1 0.5}]`},
		{`{"Optimizer":"adam"}`, `{}`, `[{Optimizer "adam" –}]`},
		{`cd-1 lr=1`, `cd-1 lr=1`, `[]`},
		{`cd-1 lr=1`, ``, `[{rbm.train cd-1 lr=1 –}]`},
	} {
		if got := fmt.Sprint(trainDiff(c.a, c.b)); got != c.want {
			t.Errorf("trainDiff(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

// TestCompareGolden: the comparison section as Markdown and HTML, and the
// report with -compare is the report with that section before its last.
func TestCompareGolden(t *testing.T) {
	a, b, da, db := loadPair(t)
	sec := &Document{Title: "comparison", Blocks: Compare(a, b)}
	var md, page bytes.Buffer
	if err := sec.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := sec.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	golden(t, "compare.md", md.Bytes())
	golden(t, "compare.html", page.Bytes())

	plain, err := Build(da, -1)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := BuildCompare(da, db, -1)
	if err != nil {
		t.Fatal(err)
	}
	var p, c bytes.Buffer
	if err := plain.WriteMarkdown(&p); err != nil {
		t.Fatal(err)
	}
	if err := cmp.WriteMarkdown(&c); err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(md.String(), "# comparison\n")
	last := strings.LastIndex(p.String(), "\n## Not in this report")
	if want := p.String()[:last] + body + p.String()[last:]; c.String() != want {
		t.Errorf("the report with -compare is not the report with the comparison before its last section")
	}
	if bytes.Contains(c.Bytes(), []byte(da)) || bytes.Contains(c.Bytes(), []byte(db)) {
		t.Errorf("the comparison names a study's whole path")
	}
	if _, err := BuildCompare(da, filepath.Join(da, "nothing"), -1); err == nil || !strings.Contains(err.Error(), "the study to compare with") {
		t.Errorf("a missing study to compare with: %v", err)
	}
}

// TestDataName: the study's data are named by rbm.dataset, else MNIST
// when the training file has one of MNIST's names, else by the file.
func TestDataName(t *testing.T) {
	for _, c := range []struct{ dataset, source, name, with string }{
		{"Fashion-MNIST", "train-images-idx3-ubyte.gz", "Fashion-MNIST", "Fashion-MNIST (`train-images-idx3-ubyte.gz`)"},
		{"", "train-images-idx3-ubyte.gz", "MNIST", "`train-images-idx3-ubyte.gz`"},
		{"", "train10k-images-idx3-ubyte.gz", "MNIST", "`train10k-images-idx3-ubyte.gz`"},
		{"", "digits.idx", "`digits.idx`", "`digits.idx`"},
		{"Bars", "", "Bars", "Bars"},
		{"", "", "unnamed data", "data without an rbm.source name"},
	} {
		s := &Study{Dataset: c.dataset, Source: c.source}
		if got := s.DataName(); got != c.name {
			t.Errorf("%q, %q: DataName %q, want %q", c.dataset, c.source, got, c.name)
		}
		if got := s.dataWithSource(); got != c.with {
			t.Errorf("%q, %q: dataWithSource %q, want %q", c.dataset, c.source, got, c.with)
		}
	}
}
