package backend

import (
	"strings"
	"testing"
)

// A forced core type is refused exactly when its kernels need more than
// the CPU has (the SIGILL case); a generic core on a CPU with AVX2 is a
// note naming the right core type; anything else passes silently.
func TestCheckCore(t *testing.T) {
	for _, c := range []struct {
		forced, chosen string
		host           isa
		err, note      string // substrings; "" for none
	}{
		// AMD EPYC without AVX-512, told SkylakeX: refused.
		{"SkylakeX", "SkylakeX", isaAVX2, "need AVX-512, which this CPU lacks (it has AVX2)", ""},
		{"skylakex", "SkylakeX", isaAVX2, "OPENBLAS_CORETYPE=skylakex", ""},
		{"SkylakeX", "SkylakeX", isaAVX512, "", ""},
		{"Cooperlake", "Cooperlake", isaAVX512, "need AVX-512 BF16", ""},
		{"SapphireRapids", "SapphireRapids", isaBF16, "", ""},
		{"Haswell", "Haswell", isaAVX, "need AVX2", ""},
		{"Haswell", "Haswell", isaAVX2, "", ""},
		{"Zen", "Zen", isaAVX512, "", ""},
		{"Prescott", "Prescott", isaAVX512, "", ""}, // forced: the user's choice, and safe
		{"NoSuchCore", "Haswell", isaNone, "", ""},
		// Not forced: a generic core on a modern CPU is a misdetection.
		{"", "Prescott", isaAVX512, "", "OPENBLAS_CORETYPE=SkylakeX"},
		{"", "Nehalem", isaAVX2, "", "OPENBLAS_CORETYPE=Haswell"},
		{"", "Prescott", isaAVX, "", ""},
		{"", "Zen", isaAVX512, "", ""},
		{"", "Haswell", isaAVX2, "", ""},
		{"", "", isaAVX512, "", ""}, // the pure-Go build
	} {
		note, err := checkCore(c.forced, c.chosen, c.host)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q on %v (chose %s): unexpected error %v", c.forced, c.host, c.chosen, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q on %v (chose %s): error %v, want one with %q", c.forced, c.host, c.chosen, err, c.err)
		}
		if (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("%q on %v (chose %s): note %q, want %q", c.forced, c.host, c.chosen, note, c.note)
		}
	}
}

// Only the openblas build has a core type to check.
func TestCoreNameOnlyWithOpenBLAS(t *testing.T) {
	if got := coreName(); (got == "") != (Name == "gonum") {
		t.Fatalf("backend %s reports core type %q", Name, got)
	}
}
