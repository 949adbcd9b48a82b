package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/tool/rbmtrain"
	"github.com/rbmkit/rbmkit/train"
)

// Every setting train.Config records has a row name and an rbm-train flag
// that exists: a setting added or a flag renamed without the report fails
// here.
func TestTrainFlagsExist(t *testing.T) {
	ct := reflect.TypeFor[train.Config]()
	for i := range ct.NumField() {
		if _, ok := trainFlags[ct.Field(i).Name]; !ok {
			t.Errorf("train.Config.%s has no row in trainFlags", ct.Field(i).Name)
		}
	}
	fs := rbmtrain.Tool.FlagSet()
	for key, f := range trainFlags {
		if name, ok := strings.CutPrefix(f.flag, "-"); ok && fs.Lookup(name) == nil {
			t.Errorf("%s: rbm-train has no flag %s", key, f.flag)
		}
	}
}

func TestTrainTable(t *testing.T) {
	for _, c := range []struct {
		json string
		ok   bool
		rows [][]string
	}{
		{`{"Hidden":16,"Units":0,"Method":"cd","Chains":0,"LogitBias":true,"State":true}`, true, [][]string{
			{"Hidden", "`-hidden`", "`16`"},
			{"Units", "`-units`", "`bernoulli ({0,1})`"},
			{"Method", "`-method`", "`cd`"},
			{"Chains", "`-chains`", "`0 (the batch size)`"},
			{"LogitBias", "`-visible-bias`", "`logit (of the data mean)`"},
			{"State", "`-no-state`", "`stored (-resume works)`"},
		}},
		{`{"Units":1,"Chains":200,"LearningRate":1e-3,"ScheduleSteps":500,"Future":[1, 2]}`, true, [][]string{
			{"Units", "`-units`", "`spin (±1)`"},
			{"Chains", "`-chains`", "`200`"},
			{"LearningRate", "`-lr`", "`1e-3`"},
			{"ScheduleSteps", "(steps of the schedule)", "`500`"},
			{"Future", "–", "`[1,2]`"},
		}},
		{``, false, nil},
		{`[1]`, false, nil},
		{`{"Hidden":`, false, nil},
	} {
		tab, ok := trainTable(c.json)
		if ok != c.ok || (ok && !reflect.DeepEqual(tab.Rows, c.rows)) {
			t.Errorf("%s: %v %q, want %v %q", c.json, ok, tab.Rows, c.ok, c.rows)
		}
	}
}
