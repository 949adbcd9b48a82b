package cli

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// echoTool copies stdin to its output, failing midway when asked.
var echoTool = Tool{
	Name: "rbm-echo", Synopsis: "[flags] [file]", Summary: "Copies its input.",
	Example: "rbm-echo < in > out", BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*Run) error {
		fail := fs.Bool("fail", false, "fail after writing")
		n := fs.Int("n", 1, "a positive number")
		side := fs.String("side", "", "also write the input to `file`")
		return func(r *Run) error {
			if *n < 1 {
				return Usagef("-n must be positive, got %d", *n)
			}
			in, _, err := r.SingleInput()
			if err != nil {
				return err
			}
			defer in.Close()
			out, err := r.Output()
			if err != nil {
				return err
			}
			defer out.Abort()
			buf := new(bytes.Buffer)
			buf.ReadFrom(in)
			out.Write(buf.Bytes())
			var so *Output
			if *side != "" {
				if so, err = r.SideOutput("-side", *side); err != nil {
					return err
				}
				defer so.Abort()
				so.Write(buf.Bytes())
			}
			if *fail {
				return errors.New("something broke")
			}
			r.Progress(2, "block").Update(1, "ok")
			if so != nil {
				if err := so.Commit(); err != nil {
					return err
				}
			}
			return out.Commit()
		}
	},
}

func run(t *testing.T, env Env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	env.Stdout, env.Stderr = &o, &e
	code = Main(echoTool, args, env)
	return code, o.String(), e.String()
}

func TestExitCodesAndMessages(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name     string
		args     []string
		terminal bool
		code     int
		stdout   string
		stderr   string
	}{
		{"copies stdin", nil, false, 0, "data", "rbm-echo: block 1/2 ok"},
		{"help", []string{"-h"}, false, 0, "example:\n  rbm-echo < in > out", ""},
		{"version", []string{"-version"}, false, 0, "rbm-echo " + Version, ""},
		{"unknown flag", []string{"-bogus"}, false, 2, "", "rbm-echo: flag provided but not defined: -bogus\nRun 'rbm-echo -h' for usage."},
		{"usage error", []string{"-n", "0"}, false, 2, "", "rbm-echo: -n must be positive, got 0\nRun 'rbm-echo -h' for usage."},
		{"failure", []string{"-fail"}, false, 1, "data", "rbm-echo: something broke\n"},
		{"two inputs", []string{"a", "b"}, false, 2, "", "expected at most one input file, got 2"},
		{"flag after file", []string{"in.arrows", "-o", "out.arrows"}, false, 2, "", "rbm-echo: flag -o comes after a file argument: put flags before files"},
		{"flag=value after file", []string{"in.arrows", "--compress=zstd"}, false, 2, "", "flag -compress comes after a file argument"},
		{"dash file after --", []string{"--", "-o"}, false, 1, "", "open -o: no such file"},
		{"missing input", []string{filepath.Join(dir, "nope")}, false, 1, "", "no such file"},
		{"terminal stdout", nil, true, 2, "", "refusing to write binary Arrow data to a terminal"},
		{"bad compression", []string{"-compress", "gzip"}, false, 2, "", "unknown compression \"gzip\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, Env{Stdin: strings.NewReader("data"), StdoutTerminal: c.terminal}, c.args...)
			if code != c.code || !strings.Contains(out, c.stdout) || !strings.Contains(errOut, c.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout ∋ %q, stderr ∋ %q",
					code, out, errOut, c.code, c.stdout, c.stderr)
			}
		})
	}
}

func TestAtomicOutput(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.arrows")
	if code, _, e := run(t, Env{Stdin: strings.NewReader("data")}, "-fail", "-o", target); code != 1 {
		t.Fatalf("exit %d, stderr %s", code, e)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed run left %v behind", entries)
	}
	if code, _, e := run(t, Env{Stdin: strings.NewReader("data")}, "-o", target); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, e)
	}
	got, err := os.ReadFile(target)
	if err != nil || string(got) != "data" {
		t.Fatalf("output %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	// A terminal on stdout does not matter when writing to a file.
	if code, _, e := run(t, Env{Stdin: strings.NewReader("x"), StdoutTerminal: true}, "-o", target); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, e)
	}
}

// A side output (rbm-sample's -trace) is committed like -o: nothing is
// left behind by a failure, and its errors name its flag.
func TestAtomicSideOutput(t *testing.T) {
	dir := t.TempDir()
	target, side := filepath.Join(dir, "out"), filepath.Join(dir, "side")
	if code, _, e := run(t, Env{Stdin: strings.NewReader("data")}, "-fail", "-side", side, "-o", target); code != 1 {
		t.Fatalf("exit %d, stderr %s", code, e)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed run left %v behind", entries)
	}
	if code, _, e := run(t, Env{Stdin: strings.NewReader("data")}, "-side", side, "-o", target); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, e)
	}
	for _, p := range []string{target, side} {
		if got, err := os.ReadFile(p); err != nil || string(got) != "data" {
			t.Errorf("%s: %q, %v", p, got, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
	missing := filepath.Join(dir, "no", "side")
	if code, _, e := run(t, Env{Stdin: strings.NewReader("x")}, "-side", missing, "-o", target); code != 1 || !strings.Contains(e, "-side "+missing+": ") {
		t.Errorf("side output in a missing directory: exit %d, stderr %q", code, e)
	}
}

func TestProgressBarOnTerminal(t *testing.T) {
	var e bytes.Buffer
	r := &Run{Tool: &echoTool, Env: Env{Stderr: &e, StderrTerminal: true}}
	p := r.Progress(4, "epoch")
	p.Update(2, "loss 1")
	p.Done()
	if s := e.String(); !strings.Contains(s, "\r") || !strings.Contains(s, "[============            ] epoch 2/4 loss 1") {
		t.Fatalf("bar output %q", s)
	}
}

// In a log, every update is a line, unless LogEvery thins them: then the
// first, one per interval and the last remain.
func TestProgressLinesInLogs(t *testing.T) {
	for _, c := range []struct {
		every time.Duration
		lines int
	}{{0, 10}, {time.Hour, 2}} {
		var e bytes.Buffer
		r := &Run{Tool: &echoTool, Env: Env{Stderr: &e}}
		p := r.Progress(10, "sweep").LogEvery(c.every)
		for i := 1; i <= 10; i++ {
			p.Update(i, "")
		}
		p.Done()
		got := strings.Split(strings.TrimSpace(e.String()), "\n")
		if len(got) != c.lines || !strings.Contains(got[len(got)-1], "sweep 10/10") {
			t.Errorf("LogEvery(%v): %d lines %q, want %d ending at 10/10", c.every, len(got), got, c.lines)
		}
	}
}

// A CPU profile asked for by RBMKIT_CPUPROFILE is a pprof file (gzip
// magic) once the run ends, without changing the output; an unwritable
// path fails before the run, with exit 1.
func TestCPUProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cpu.pprof")
	code, out, errOut := run(t, Env{Stdin: strings.NewReader("abc"), CPUProfile: path}, "-o", "-")
	if code != 0 || out != "abc" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("profile %d bytes, err %v: not a gzipped pprof", len(b), err)
	}
	code, out, errOut = run(t, Env{Stdin: strings.NewReader("abc"), CPUProfile: filepath.Join(dir, "no", "such", "dir")})
	if code != 1 || out != "" || !strings.Contains(errOut, "RBMKIT_CPUPROFILE") {
		t.Fatalf("bad path: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
