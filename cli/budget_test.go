package cli

import (
	"bytes"
	"flag"
	"math"
	"strings"
	"testing"
)

// budgetTool asks for -n × 8 bytes and has a bounded and a free float flag.
var budgetTool = Tool{
	Name: "rbm-budget", Synopsis: "[flags]", Summary: "Plans memory.", Example: "rbm-budget -n 10",
	Flags: func(fs *flag.FlagSet) func(*Run) error {
		n := fs.Int("n", 1, "values")
		fs.Float64("free", 1, "any finite number")
		fs.Float64("rate", 0.5, "in [0,1)")
		Within(fs, "rate", "[0,1)")
		Alias(fs, "old-rate", "rate")
		return func(r *Run) error {
			if err := r.Need("-n", Bytes(8, *n)); err != nil {
				return err
			}
			return nil
		}
	},
}

func runBudget(memory string, args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := Main(budgetTool, args, Env{Stdout: &out, Stderr: &errb, Memory: memory})
	return code, errb.String()
}

func TestFloatFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-free", "-1e300"}, 0, ""},
		{[]string{"-free", "nan"}, 2, "-free NaN: want a finite number"},
		{[]string{"-free", "+Inf"}, 2, "-free +Inf: want a finite number"},
		{[]string{"-free", "1e400"}, 2, "-free"}, // strconv: out of range
		{[]string{"-rate", "0"}, 0, ""},
		{[]string{"-rate", "1"}, 2, "-rate 1: want a value in [0,1)"},
		{[]string{"-rate", "-0.1"}, 2, "-rate -0.1: want a value in [0,1)"},
		{[]string{"-old-rate", "2"}, 2, "-rate 2: want a value in [0,1)"},
		{[]string{"-old-rate", "NaN"}, 2, "-rate NaN: want a finite number"},
	} {
		code, stderr := runBudget("1G", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

func TestInterval(t *testing.T) {
	for _, c := range []struct {
		in  string
		x   float64
		yes bool
	}{
		{"[0,1)", 0, true}, {"[0,1)", 1, false}, {"(0,1]", 0, false}, {"(0,1]", 1, true},
		{"(0,inf)", 1e308, true}, {"(0,inf)", math.Inf(1), false}, {"[-1,1]", -1, true}, {"[-1,1]", -1.0000001, false},
	} {
		iv, err := parseInterval(c.in)
		if err != nil || iv.contains(c.x) != c.yes {
			t.Errorf("%s contains %v: %v (%v), want %v", c.in, c.x, iv.contains(c.x), err, c.yes)
		}
	}
	for _, bad := range []string{"0,1", "[1,0]", "[a,1]", "[0;1]"} {
		if _, err := parseInterval(bad); err == nil {
			t.Errorf("interval %q accepted", bad)
		}
	}
}

func TestNeed(t *testing.T) {
	for _, c := range []struct {
		memory string
		n      string
		code   int
		want   string
	}{
		{"1K", "128", 0, ""},
		{"1K", "129", 1, "needs about 1.01 KB of memory, over the limit of 1 KB (RBMKIT_MEMORY; set RBMKIT_MEMORY to raise it)"},
		{"2M", "1000000", 1, "needs about 7.63 MB of memory, over the limit of 2 MB"},
		{"1.5G", "100000000", 0, ""},
		{"lots", "1", 2, "RBMKIT_MEMORY=lots: want a size > 0"},
		{"0", "1", 2, "RBMKIT_MEMORY=0"},
	} {
		code, stderr := runBudget(c.memory, "-n", c.n)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") > 1 {
			t.Errorf("RBMKIT_MEMORY=%s -n %s: exit %d, stderr %q; want %d and one line with %q", c.memory, c.n, code, stderr, c.code, c.want)
		}
	}
}

// The default budget is half of a memory the process has, and never more
// than half of what /proc/meminfo says the machine has.
func TestDefaultBudget(t *testing.T) {
	b := DefaultBudget()
	if !(b.Bytes > 0) || b.Bytes > physicalMemory()/2 || !strings.HasPrefix(b.Source, "half the ") {
		t.Fatalf("default budget %v (%s), physical memory %v", b.Bytes, b.Source, physicalMemory())
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]float64{"512": 512, "1k": 1024, "8G": 8 << 30, "1.5M": 1.5 * (1 << 20), "2TB": 2 << 40} {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1", "G", "1Q", "inf", "nan"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) accepted", bad)
		}
	}
}

// NeedOutput compares with the free space of the -o file's file system,
// and lets stdout pass.
func TestNeedOutput(t *testing.T) {
	dir := t.TempDir()
	free, ok := freeSpace(dir)
	if !ok || !(free > 0) {
		t.Skip("no free space figure on this system")
	}
	for _, c := range []struct {
		output string
		bytes  float64
		fails  bool
	}{
		{"out", free / 2, false},
		{"out", free * 2, true},
		{"-", free * 2, false},
	} {
		r := &Run{output: c.output, Env: Env{Dir: dir}}
		err := r.NeedOutput("the run", c.bytes)
		if (err != nil) != c.fails || err != nil && !strings.Contains(err.Error(), "the run writes about") {
			t.Errorf("-o %s, %v bytes (%v free): %v", c.output, c.bytes, free, err)
		}
	}
}
