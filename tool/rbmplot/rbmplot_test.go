package rbmplot

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/tool/rbmsvd"
)

func dataset(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Example](&buf, format.Header{Visible: 9, ImageShape: []int{3, 3}})
	if err != nil {
		t.Fatal(err)
	}
	for e := 0; e < n; e++ {
		v := make([]bool, 9)
		v[e%9] = true
		if err := w.Write(&format.Example{V: v, Label: int32(e)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkpoint(t *testing.T, hidden, replica int) []byte {
	var buf bytes.Buffer
	h := format.Header{Visible: 9, Hidden: hidden, Units: "bernoulli", Replica: replica, ImageShape: []int{3, 3}}
	w, err := format.NewWriter[format.Snapshot](&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for e := int64(0); e < 3; e++ {
		W := make([]float32, 9*hidden)
		for j := 0; j < hidden; j++ {
			W[j*hidden+j] = float32(int64(j+1) * (e + 1))
		}
		s := format.Snapshot{Epoch: e, Step: 5 * e, W: W, A: make([]float32, 9), B: make([]float32, hidden), TopSigma: []float64{float64(3 * (e + 1))}}
		if err := w.Write(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type result struct {
	code           int
	stdout, stderr string
}

func rbmplot(env cli.Env, args ...string) result {
	var out, errOut bytes.Buffer
	env.Stdout, env.Stderr = &out, &errOut
	code := cli.Main(Tool, args, env)
	return result{code, out.String(), errOut.String()}
}

func TestStdinToPNG(t *testing.T) {
	r := rbmplot(cli.Env{Stdin: bytes.NewReader(dataset(t, 20))}, "-width", "400px", "-height", "300px")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	cfg, err := png.DecodeConfig(strings.NewReader(r.stdout))
	if err != nil || cfg.Width != 400 || cfg.Height != 300 {
		t.Fatalf("png %d×%d (%v), want 400×300", cfg.Width, cfg.Height, err)
	}
}

func TestFormatFromFlagOrExtension(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "run.arrows")
	if err := os.WriteFile(in, checkpoint(t, 4, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		file  string
		magic string
	}{
		{[]string{"-o", "a.svg"}, "a.svg", "<?xml"},
		{[]string{"-o", "b.PDF"}, "b.PDF", "%PDF-"},
		{[]string{"-format", "pdf", "-o", "c.png"}, "c.png", "%PDF-"}, // -format wins
		{[]string{"-figure", "vectors", "-snapshot", "all", "-o", "d.png"}, "d.png", "\x89PNG"},
	} {
		r := rbmplot(cli.Env{Dir: dir}, append(tc.args, in)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		data, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil || !bytes.HasPrefix(data, []byte(tc.magic)) {
			t.Errorf("%v: %s starts %q (%v), want %q", tc.args, tc.file, data[:min(8, len(data))], err, tc.magic)
		}
	}
}

func TestSeveralRuns(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for i, m := range []int{2, 2, 3} {
		p := filepath.Join(dir, string(rune('a'+i))+".arrows")
		if err := os.WriteFile(p, checkpoint(t, m, i), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	r := rbmplot(cli.Env{}, append([]string{"-format", "svg"}, args...)...)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "<?xml") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// A figure of one stream refuses several.
	r = rbmplot(cli.Env{}, append([]string{"-figure", "vectors"}, args...)...)
	if r.code != 1 || !strings.Contains(r.stderr, "draws one stream, got 3") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	// The learning curves refuse checkpoints of a run without -logz.
	r = rbmplot(cli.Env{}, append([]string{"-figure", "learning"}, args...)...)
	if r.code != 1 || !strings.Contains(r.stderr, "hold no log Z columns (logz, test_loglik): train with rbm-train -logz -test-data") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

func TestErrors(t *testing.T) {
	data := dataset(t, 3)
	for _, tc := range []struct {
		name string
		env  cli.Env
		args []string
		code int
		want string
	}{
		{"terminal", cli.Env{StdoutTerminal: true}, nil, 2, "refusing to write binary"},
		{"unknown extension", cli.Env{Dir: t.TempDir()}, []string{"-o", "x.gif"}, 2, "cannot tell the image format"},
		{"bad format", cli.Env{}, []string{"-format", "gif"}, 2, "-format \"gif\": want png, svg, pdf"},
		{"bad width", cli.Env{}, []string{"-width", "wide"}, 2, "-width"},
		{"bad snapshot", cli.Env{}, []string{"-snapshot", "soon"}, 2, "-snapshot"},
		{"bad ids", cli.Env{}, []string{"-ids", "1,one"}, 2, `-ids: mode id "one": want an integer ≥ 0`},
		{"wrong figure", cli.Env{}, []string{"-figure", "sigma"}, 1, `dataset streams have no figure "sigma"`},
		{"not a stream", cli.Env{Stdin: strings.NewReader("hello")}, nil, 1, "not an Arrow IPC stream"},
		{"stdin twice", cli.Env{}, []string{"-", "-"}, 2, "more than once"},
	} {
		if tc.env.Stdin == nil {
			tc.env.Stdin = bytes.NewReader(data)
		}
		r := rbmplot(tc.env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%s: wrote %d bytes to stdout on failure", tc.name, len(r.stdout))
		}
	}
}

func TestList(t *testing.T) {
	r := rbmplot(cli.Env{}, "-list")
	for _, want := range []string{"dataset:", "images", "checkpoint:", "sigma", "vectors", "spectrum:", "mpfit:", "order", "learning", "(default)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-list does not mention %q:\n%s", want, r.stdout)
		}
	}
}

// rbm-svd -data, then rbm-plot -figure reciprocal: -ids reaches the
// figure (two ids, two panels in a row of two; by default the top modes
// fill rows of three), and an id the spectrum lacks is an error.
func TestReciprocalIDs(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data.arrows")
	if err := os.WriteFile(data, dataset(t, 50), 0o644); err != nil {
		t.Fatal(err)
	}
	var spec, errOut bytes.Buffer
	if code := cli.Main(rbmsvd.Tool, []string{"-data", data}, cli.Env{Stdin: bytes.NewReader(checkpoint(t, 4, 0)), Stdout: &spec, Stderr: &errOut}); code != 0 {
		t.Fatalf("rbm-svd: %s", errOut.String())
	}
	width := func(args ...string) int {
		r := rbmplot(cli.Env{Stdin: bytes.NewReader(spec.Bytes())}, append([]string{"-figure", "reciprocal"}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		cfg, err := png.DecodeConfig(strings.NewReader(r.stdout))
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Width
	}
	if two, three := width("-ids", "2,0"), width(); 3*two != 2*three {
		t.Errorf("-ids 2,0: %d px wide, the default (rows of 3) %d px", two, three)
	}
	r := rbmplot(cli.Env{Stdin: bytes.NewReader(spec.Bytes())}, "-figure", "reciprocal", "-ids", "7")
	if r.code != 1 || !strings.Contains(r.stderr, "mode id 7 is not in the spectrum") {
		t.Errorf("-ids 7: exit %d, %q", r.code, r.stderr)
	}
}
