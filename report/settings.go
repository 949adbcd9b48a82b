package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// trainFlags names the rbm-train flag behind each field of the rbm.train
// settings, and how to read its value where the JSON alone does not say
// (an enumeration stored as a number, a boolean a flag spells otherwise).
var trainFlags = map[string]struct {
	flag  string
	value func(string) string
}{
	"Hidden": {flag: "-hidden"},
	"Units": {"-units", func(v string) string {
		return map[string]string{"0": "bernoulli ({0,1})", "1": "spin (±1)"}[v]
	}},
	"Method": {flag: "-method"},
	"K":      {flag: "-k"},
	"Chains": {"-chains", func(v string) string {
		if v == "0" {
			return "0 (the batch size)"
		}
		return ""
	}},
	"BatchSize":    {flag: "-batch"},
	"LearningRate": {flag: "-lr"},
	"Momentum":     {flag: "-momentum"},
	"WeightDecay":  {flag: "-decay"},
	"InitStd":      {flag: "-init-std"},
	"LogitBias": {"-visible-bias", func(v string) string {
		return map[string]string{"true": "logit (of the data mean)", "false": "zero"}[v]
	}},
	"Seed":          {flag: "-seed"},
	"Replica":       {flag: "-replica"},
	"Centered":      {flag: "-centered"},
	"CenterSlide":   {flag: "-center-slide"},
	"Optimizer":     {flag: "-optim"},
	"AdamBeta1":     {flag: "-adam-beta1"},
	"AdamBeta2":     {flag: "-adam-beta2"},
	"AdamEps":       {flag: "-adam-eps"},
	"Schedule":      {flag: "-lr-schedule"},
	"LRFinal":       {flag: "-lr-final"},
	"ScheduleSteps": {flag: "(steps of the schedule)"},
	"L1":            {flag: "-l1"},
	"Ladder":        {flag: "-temps"},
	"BetaMin":       {flag: "-beta-min"},
	"Epochs":        {flag: "-epochs"},
	"Snapshots":     {flag: "-log-snapshots"},
	"Every":         {flag: "-every"},
	"TopSigma":      {flag: "-top-sigma"},
	"State": {"-no-state", func(v string) string {
		return map[string]string{"true": "stored (-resume works)", "false": "not stored (-no-state)"}[v]
	}},
}

// trainTable is the rbm.train settings (a JSON object) as a table of
// setting, rbm-train flag and value, in the object's order; false when
// the settings are not a JSON object.
func trainTable(settings string) (Table, bool) {
	t := Table{Head: []string{"setting", "rbm-train flag", "value"}, Left: []bool{true, true, true}}
	dec := json.NewDecoder(strings.NewReader(settings))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return t, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return t, false
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return t, false
		}
		var c bytes.Buffer
		if json.Compact(&c, raw) != nil {
			return t, false
		}
		v := strings.Trim(c.String(), `"`)
		f, ok := trainFlags[key]
		flag := "–"
		if ok && strings.HasPrefix(f.flag, "-") {
			flag = "`" + f.flag + "`"
		} else if ok {
			flag = f.flag
		}
		if f.value != nil {
			if s := f.value(v); s != "" {
				v = s
			}
		}
		t.Rows = append(t.Rows, []string{key, flag, fmt.Sprintf("`%s`", v)})
	}
	return t, true
}
