package format

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestSettingsMetadata: the settings rbm-sample records (rbm.sample,
// rbm.diffusion) keep their JSON keys, which rbm-plot and users' scripts
// parse (rbm-cat -meta shows them), and SamplerOf and DiffusionOf read
// them back;
// a header without them, or with a value that does not parse, gives ok
// false.
func TestSettingsMetadata(t *testing.T) {
	const sample = `{"method":"ptt","chains":10,"burn_in":5,"sweeps":30,"thin":10,"init":"random","seed":7,"replica":1,"betas":[1],"rung_epochs":[0,3]}`
	s := SamplerSettings{Method: SamplerPTT, Chains: 10, BurnIn: 5, Sweeps: 30, Thin: 10, Init: "random", Seed: 7, Replica: 1,
		Betas: []float64{1}, RungEpochs: []int64{0, 3}}
	if b, _ := json.Marshal(s); string(b) != sample {
		t.Fatalf("rbm.sample %s, want %s", b, sample)
	}
	const diffusion = `{"c":4,"modes":3,"dt":0.016,"time":40,"records":50,"trajectories":20,"start":4,"chains":10,"sweeps":20,"seed":2,"replica":0}`
	d := DiffusionSettings{C: 4, Modes: 3, Dt: 0.016, Time: 40, Records: 50, Trajectories: 20, Start: 4, Chains: 10, Sweeps: 20, Seed: 2}
	if b, _ := json.Marshal(d); string(b) != diffusion {
		t.Fatalf("rbm.diffusion %s, want %s", b, diffusion)
	}
	var h Header
	if _, ok := SamplerOf(h); ok {
		t.Fatal("rbm.sample read from a header without it")
	}
	if _, ok := DiffusionOf(h); ok {
		t.Fatal("rbm.diffusion read from a header without it")
	}
	h.Set("sample", sample)
	h.Set("diffusion", diffusion)
	if got, ok := SamplerOf(h); !ok || !reflect.DeepEqual(got, s) {
		t.Fatalf("SamplerOf: %+v %v, want %+v", got, ok, s)
	}
	if got, ok := DiffusionOf(h); !ok || got != d {
		t.Fatalf("DiffusionOf: %+v %v, want %+v", got, ok, d)
	}
	h.Set(KeySampler, `{"method":`)
	if _, ok := SamplerOf(h); ok {
		t.Fatal("a truncated rbm.sample was read")
	}
}
