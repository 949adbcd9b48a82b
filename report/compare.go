package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/rbmkit/rbmkit/format"
)

// Comparison of two studies (two sweep points of pipelines/paper, such as
// out/quick and out/quick-CENTERED1): per hidden size both have, the order
// parameter (the number of Marchenko–Pastur outliers) at each epoch both
// have, σ₁ and the modes past σ = 4 at the end, and the test
// log-likelihood at the last epoch with an exact or AIS log Z, each as
// replica mean ± sd with n; and the training settings that differ.

// trainIgnored are the rbm.train settings that differ between the runs of
// one study, left out of the comparison of two studies' settings.
var trainIgnored = map[string]bool{"Hidden": true, "Replica": true}

// settingDiff is one training setting that differs between two studies:
// its name and each study's value (its JSON text, "–" when unset).
type settingDiff struct {
	name string
	a, b string
}

// trainDiff lists the rbm.train settings (train.Config as JSON, of each
// study's first run) that differ, by name; settings left out of one
// study's JSON (omitempty: the default) print as "–". Settings that are
// not JSON objects are compared whole, as one setting "rbm.train".
func trainDiff(a, b string) []settingDiff {
	ma, ea := parseTrain(a)
	mb, eb := parseTrain(b)
	if ea != nil || eb != nil {
		if a == b {
			return nil
		}
		return []settingDiff{{format.KeyTrain, orDash(a), orDash(b)}}
	}
	var names []string
	for k := range ma {
		names = append(names, k)
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var out []settingDiff
	for _, k := range names {
		va, vb := ma[k], mb[k]
		if trainIgnored[k] || bytes.Equal(va, vb) {
			continue
		}
		out = append(out, settingDiff{k, orDash(string(va)), orDash(string(vb))})
	}
	return out
}

func parseTrain(s string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	for k, v := range m {
		var c bytes.Buffer
		if json.Compact(&c, v) == nil {
			m[k] = c.Bytes()
		}
	}
	return m, nil
}

// sizeSplit is the hidden sizes of two studies: in both, only in a, only
// in b (each ascending).
func sizeSplit(a, b *Study) (both, onlyA, onlyB []int) {
	for _, m := range a.Hidden {
		if slices.Contains(b.Hidden, m) {
			both = append(both, m)
		} else {
			onlyA = append(onlyA, m)
		}
	}
	for _, m := range b.Hidden {
		if !slices.Contains(a.Hidden, m) {
			onlyB = append(onlyB, m)
		}
	}
	return both, onlyA, onlyB
}

// orderRow is one epoch both studies have: the outliers of each over its
// replicas.
type orderRow struct {
	epoch int64
	a, b  Stat
}

// outliersByEpoch is the outliers of hidden size m by epoch over the
// replicas (in replica order).
func (s *Study) outliersByEpoch(m int) map[int64]*Stat {
	out := map[int64]*Stat{}
	if !s.has("mpfit") {
		return out
	}
	for _, f := range s.fits(m).inOrder() {
		for _, e := range f.epochs {
			if out[e] == nil {
				out[e] = &Stat{}
			}
			out[e].Add(float64(f.outliers[e]))
		}
	}
	return out
}

// orderRows is the order parameter of hidden size m at each epoch both
// studies have.
func orderRows(a, b *Study, m int) []orderRow {
	oa, ob := a.outliersByEpoch(m), b.outliersByEpoch(m)
	var out []orderRow
	for _, e := range sortedKeys(oa) {
		if sb, ok := ob[e]; ok {
			out = append(out, orderRow{e, *oa[e], *sb})
		}
	}
	return out
}

// endRow is one quantity of one hidden size at the end of both studies.
type endRow struct {
	what string
	prec int
	a, b Stat
}

// lastEpochs is the last epoch of each run of m (monitors, else mpfit).
func (s *Study) lastEpochs(m int) Stat {
	var st Stat
	if s.has("monitors") {
		for _, mr := range s.monitors(m).inOrder() {
			st.Add(float64(mr.epochs[len(mr.epochs)-1]))
		}
	} else if s.has("mpfit") {
		for _, f := range s.fits(m).inOrder() {
			st.Add(float64(f.epochs[len(f.epochs)-1]))
		}
	}
	return st
}

// endRows are the quantities of m at the end of both studies: the last
// epoch, σ₁, modes past σ = 4 and outliers there, and the test
// log-likelihood at the last epoch with an exact or AIS log Z (the
// summary's).
func endRows(a, b *Study, m int) []endRow {
	ra, rb := a.summaryRow(m), b.summaryRow(m)
	ll := "test LL (nats per digit)"
	if ra.refMethod != "" || rb.refMethod != "" {
		ll = fmt.Sprintf("test LL at epoch %s / %s (%s / %s)", epochOf(ra), epochOf(rb), orDash(ra.refMethod), orDash(rb.refMethod))
	}
	return []endRow{
		{"last epoch", 0, a.lastEpochs(m), b.lastEpochs(m)},
		{"σ₁", 2, ra.sigma1, rb.sigma1},
		{"modes past σ = 4", 1, ra.unstable, rb.unstable},
		{"outliers", 1, ra.outliers, rb.outliers},
		{ll, 2, ra.ll, rb.ll},
	}
}

func epochOf(r summaryRow) string {
	if r.refMethod == "" {
		return "–"
	}
	return fmt.Sprint(r.refEpoch)
}

// meanSD prints a statistic as "mean ± sd (n = k)", "mean (n = 1)" for
// one value, "–" for none.
func meanSD(st Stat, prec int) string {
	switch st.N() {
	case 0:
		return "–"
	case 1:
		return num(st.Mean(), prec) + " (n = 1)"
	}
	return fmt.Sprintf("%s ± %s (n = %d)", num(st.Mean(), prec), num(st.SD(), prec), st.N())
}

// diff prints the difference of the means, b − a ("–" unless both have
// values).
func diff(a, b Stat, prec int) string {
	if a.N() == 0 || b.N() == 0 {
		return "–"
	}
	d := num(b.Mean()-a.Mean(), prec)
	if !strings.HasPrefix(d, "-") && d != num(0, prec) {
		d = "+" + d
	}
	return d
}

// names are the two studies' names for the tables: their directories'
// base names, the second marked "(other)" when they are the same.
func names(a, b *Study) (string, string) {
	na, nb := orDash(a.Name), orDash(b.Name)
	if na == nb {
		nb += " (other)"
	}
	return na, nb
}

// Compare is the section of a's report comparing it with study b: the
// data when they differ, each study's verdict on the paper's claims, the
// training settings that differ, the hidden sizes of each, and per hidden
// size both have the end of training and the order parameter over the
// epochs both have, side by side.
func Compare(a, b *Study) []Block {
	na, nb := names(a, b)
	var d []Block
	add := func(bl ...Block) { d = append(d, bl...) }
	para := func(lines ...string) { add(Para{strings.Join(lines, "\n")}) }
	add(Heading{2, fmt.Sprintf("Comparison: %s and %s", na, nb)})
	para(fmt.Sprintf("This study (`%s`) beside another study (`%s`, rbm-report -compare), for instance another sweep point of pipelines/paper.", na, nb),
		"Per hidden size both have, over each study's replicas: mean ± standard deviation with the number of replicas n,",
		"and the difference of the means (other − this).")

	if da, db := a.dataWithSource(), b.dataWithSource(); da != db {
		para(fmt.Sprintf("The data differ: %s trained on %s, %s on %s.", na, da, nb, db))
	}
	ca, cb := a.claims(), b.claims()
	verdicts := Table{Head: []string{"claim", na, nb}, Left: []bool{true, true, true}}
	for i := range ca {
		verdicts.Rows = append(verdicts.Rows, []string{ca[i].title, ca[i].verdict, cb[i].verdict})
	}
	para("The paper's claims: each study's verdict (the reasons are in each study's report).")
	add(verdicts)

	if diffs := trainDiff(a.Train, b.Train); len(diffs) > 0 {
		para("Training settings that differ (rbm.train of each study's first run; – is unset, the default):")
		t := Table{Head: []string{"setting", na, nb}, Left: []bool{true, true, true}}
		for _, s := range diffs {
			t.Rows = append(t.Rows, []string{s.name, s.a, s.b})
		}
		add(t)
	} else if a.Train == "" && b.Train == "" {
		para("Neither study has training settings (agg/monitors.arrows absent).")
	} else {
		para("The two studies have the same training settings (rbm.train of each study's first run, hidden size and replica aside).")
	}

	both, onlyA, onlyB := sizeSplit(a, b)
	var items []string
	items = append(items, "Hidden sizes in both: "+orDash(joinInts(both))+".")
	if len(onlyA) > 0 {
		items = append(items, fmt.Sprintf("Only in %s: %s.", na, joinInts(onlyA)))
	}
	if len(onlyB) > 0 {
		items = append(items, fmt.Sprintf("Only in %s: %s.", nb, joinInts(onlyB)))
	}
	add(List{Items: items})
	if len(both) == 0 {
		return d
	}

	add(Heading{3, "At the end of training"})
	para("Each study's last epoch: σ₁ (the largest singular value), the modes past σ = 4 (the mean-field",
		"instability of the symmetric point, {0,1} units) and the outliers of the Marchenko–Pastur bulk;",
		"the test log-likelihood at each study's last epoch with an exact or AIS log Z (as in the summary).")
	end := Table{Head: []string{"M", "quantity", na, nb, "difference"}, Left: []bool{false, true}}
	for _, m := range both {
		for _, r := range endRows(a, b, m) {
			end.Rows = append(end.Rows, []string{fmt.Sprint(m), r.what, meanSD(r.a, r.prec), meanSD(r.b, r.prec), diff(r.a, r.b, r.prec)})
		}
	}
	add(end)

	for _, m := range both {
		add(Heading{3, fmt.Sprintf("M = %d: the order parameter, over time", m)})
		rows := orderRows(a, b, m)
		if len(rows) == 0 {
			para("No epoch with a Marchenko–Pastur fit in both studies.")
			continue
		}
		para("Outliers of the Marchenko–Pastur bulk at each epoch both studies have.")
		t := Table{Head: []string{"epoch", na, nb, "difference"}}
		for _, r := range rows {
			t.Rows = append(t.Rows, []string{fmt.Sprint(r.epoch), meanSD(r.a, 1), meanSD(r.b, 1), diff(r.a, r.b, 1)})
		}
		add(t)
	}
	return d
}
