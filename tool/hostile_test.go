package tool

// The hostile-input harness runs the built commands, as a user or a batch
// system would, on inputs and in conditions meant to break them, and checks
// that each refuses cleanly. It is table driven: a test adds cases (a
// hostileCase each) and hands them to runHostile. Every case runs in a
// fresh directory, under a virtual-memory limit (ulimit -v, hostileMemKB),
// and must end with
//
//   - the wanted exit status (1 for failures, 2 for usage errors; never 0,
//     never a signal's death);
//   - the tool's one-line message last on stderr, "tool: ...", holding Msg
//     when the case gives one (a usage error adds its "Run 'tool -h' for
//     usage." hint; the tool's progress lines may come before), and no
//     panic or runtime trace;
//   - no file in the directory that was not put there by the case: no
//     output, no .NAME.tmp-* temporary file;
//   - a peak resident set under hostileMaxRSSKB.
//
// A case with Signal sends SIGTERM after the tool has started (after
// SignalAfter, or once its stderr holds SignalWhen) and wants a non-zero
// exit; hostileHang is only a guard against a tool that never ends, not a
// measure of speed.
//
// Fixtures (small valid streams of every kind, made by the built tools
// themselves) are built once per test binary by hostileFixtures; a case
// takes their bytes for its Files or Stdin.
//
// Adding cases from another file:
//
//	func TestHostileLimits(t *testing.T) {
//		fx := hostileFixtures(t)
//		runHostile(t, []hostileCase{
//			{Name: "huge hidden", Tool: "rbm-train", Args: []string{"-hidden", "1e9", "-o", "out", "data"},
//				Files: map[string][]byte{"data": fx.Dataset}, Want: 1, Msg: "memory"},
//		})
//	}

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rbmkit/rbmkit/backend"
)

// hostileCase is one run of one tool on hostile input.
type hostileCase struct {
	Name string
	// Tool is the command, e.g. "rbm-mp"; Args its arguments (relative
	// paths name files in the case's directory).
	Tool string
	Args []string
	// Files are written into the case's directory before the run (name →
	// contents); Setup, when set, may prepare more (a FIFO, a symlink, a
	// subdirectory). Whatever exists after Setup may remain after the run.
	Files map[string][]byte
	Setup func(t *testing.T, dir string)
	// Stdin is fed to the tool; with StdinOpen the pipe stays open after it
	// (the tool waits for more input), until the case ends.
	Stdin     []byte
	StdinOpen bool
	// Want is the exit status wanted: 1 (failure) or 2 (usage error).
	Want int
	// Msg, when set, must appear in the tool's error line.
	Msg string
	// Signal sends SIGTERM SignalAfter after the start, or once stderr
	// holds SignalWhen.
	Signal      bool
	SignalAfter time.Duration
	SignalWhen  string
	// Check, when set, inspects the directory after the run (for cases
	// whose refusal must leave something as it was).
	Check func(t *testing.T, dir string)
	// MayLeave lists files the run may create (e.g. a side file that the
	// case itself tests elsewhere); normally empty.
	MayLeave []string
}

const (
	hostileMemKB    = 3 << 20 // ulimit -v: 3 GiB of address space (Go reserves more than it uses)
	hostileMaxRSSKB = 1 << 20 // 1 GiB peak resident set
	hostileHang     = 30 * time.Second
)

var hostileBuild struct {
	once sync.Once
	dir  string
	err  error
}

// hostileBin builds every command once into a temporary directory and
// returns it; RBMKIT_HOSTILE_BIN names a directory of commands built
// elsewhere instead (to count the cases an earlier build fails).
func hostileBin(t *testing.T) string {
	t.Helper()
	b := &hostileBuild
	b.once.Do(func() {
		if dir := os.Getenv("RBMKIT_HOSTILE_BIN"); dir != "" {
			b.dir = dir // another build's commands (a before/after count)
			return
		}
		dir, err := os.MkdirTemp("", "rbmkit-hostile-")
		if err != nil {
			b.err = err
			return
		}
		args := []string{"build", "-o", dir + "/"}
		if backend.Name == "openblas" {
			args = append(args, "-tags", "openblas")
		}
		cmd := exec.Command("go", append(args, "../cmd/...")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("building the commands: %v\n%s", err, out)
		}
		b.dir = dir
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.dir
}

// hostileFixture holds small valid inputs of every kind.
type hostileFixture struct {
	IDX, IDXGz, Labels []byte // 40 images of 4×4 pixels, gzip or plain; their labels
	Dataset            []byte // rbm-data of IDX
	Checkpoint         []byte // rbm-train -hidden 3 -epochs 2 on Dataset
	Spectrum, MPFit    []byte // rbm-svd, rbm-mp of Checkpoint
	FreeEnergy         []byte // rbm-freeenergy -method exact of Checkpoint
}

var hostileFx struct {
	once sync.Once
	fx   hostileFixture
	err  error
}

// hostileFixtures makes the fixtures once, with the built tools.
func hostileFixtures(t *testing.T) *hostileFixture {
	t.Helper()
	bin := hostileBin(t)
	f := &hostileFx
	f.once.Do(func() {
		const n, rows, cols = 40, 4, 4
		var raw bytes.Buffer
		binary.Write(&raw, binary.BigEndian, [4]uint32{0x803, n, rows, cols})
		for i := 0; i < n*rows*cols; i++ {
			raw.WriteByte(byte((i * 37) % 256))
		}
		f.fx.IDX = raw.Bytes()
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(f.fx.IDX)
		zw.Close()
		f.fx.IDXGz = gz.Bytes()
		var lab bytes.Buffer
		binary.Write(&lab, binary.BigEndian, [2]uint32{0x801, n})
		for i := 0; i < n; i++ {
			lab.WriteByte(byte(i % 10))
		}
		f.fx.Labels = lab.Bytes()
		run := func(stdin []byte, name string, args ...string) []byte {
			if f.err != nil {
				return nil
			}
			cmd := exec.Command(filepath.Join(bin, name), args...)
			cmd.Stdin = bytes.NewReader(stdin)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				f.err = fmt.Errorf("fixture %s %v: %v\n%s", name, args, err, errb.String())
			}
			return out.Bytes()
		}
		f.fx.Dataset = run(f.fx.IDX, "rbm-data")
		f.fx.Checkpoint = run(f.fx.Dataset, "rbm-train", "-hidden", "3", "-epochs", "2", "-batch", "10", "-seed", "1")
		f.fx.Spectrum = run(f.fx.Checkpoint, "rbm-svd")
		f.fx.MPFit = run(f.fx.Spectrum, "rbm-mp")
		f.fx.FreeEnergy = run(f.fx.Checkpoint, "rbm-freeenergy", "-method", "exact")
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return &f.fx
}

// runHostile runs each case as a subtest.
func runHostile(t *testing.T, cases []hostileCase) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the hostile suite bounds memory with ulimit -v and reads Linux rusage")
	}
	bin := hostileBin(t)
	for _, c := range cases {
		t.Run(c.Tool+"/"+c.Name, func(t *testing.T) {
			// Most cases wait (for a signal's moment, a hang guard): run
			// them side by side (go test's -parallel bounds how many).
			t.Parallel()
			runHostileCase(t, bin, c)
		})
	}
}

func runHostileCase(t *testing.T, bin string, c hostileCase) {
	for try := 1; runHostileOnce(t, bin, c, try < 4); try++ {
		c.SignalAfter *= 3
		t.Logf("SIGTERM came before the tool listened for it (killed, nothing on stderr): again, signalled after %v", c.SignalAfter)
	}
}

// runHostileOnce runs case c once. With mayRetry it reports, instead of
// failing, a signal at a fixed time that killed the tool before it said
// anything: on a loaded machine (the cases run side by side) the SIGTERM
// can come before the tool's signal handling is set up, which says
// nothing about that handling, so the caller tries again later in the
// tool's run; a tool that never handles SIGTERM still fails on the last try.
func runHostileOnce(t *testing.T, bin string, c hostileCase, mayRetry bool) (retry bool) {
	dir := t.TempDir()
	for name, data := range c.Files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if c.Setup != nil {
		c.Setup(t, dir)
	}
	before := listDir(t, dir)

	// bash sets the limit and then becomes the tool (exec), so the
	// signal and the rusage are the tool's own.
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, hostileMemKB)
	cmd := exec.Command("bash", append([]string{"-c", script, filepath.Join(bin, c.Tool)}, c.Args...)...)
	cmd.Dir = dir
	var stdout bytes.Buffer
	stderr := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		stdin.Write(c.Stdin)
		if !c.StdinOpen {
			stdin.Close()
		}
	}()
	defer stdin.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	if c.Signal {
		deadline := time.After(hostileHang)
		tick := time.NewTicker(10 * time.Millisecond)
		start := time.Now()
	wait:
		for {
			select {
			case err := <-done:
				t.Fatalf("ended before the signal (%v); stderr:\n%s", err, stderr.String())
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("never reached the moment to signal; stderr:\n%s", stderr.String())
			case <-tick.C:
				if c.SignalWhen != "" && strings.Contains(stderr.String(), c.SignalWhen) ||
					c.SignalWhen == "" && time.Since(start) >= c.SignalAfter {
					break wait
				}
			}
		}
		tick.Stop()
		cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-done:
	case <-time.After(hostileHang):
		cmd.Process.Kill()
		<-done
		t.Fatalf("hung (killed after %v); stderr:\n%s", hostileHang, stderr.String())
	}
	st := cmd.ProcessState
	errText := stderr.String()
	ws := st.Sys().(syscall.WaitStatus)
	if mayRetry && c.Signal && c.SignalWhen == "" && ws.Signaled() && ws.Signal() == syscall.SIGTERM && strings.TrimSpace(errText) == "" {
		return true
	}
	if ws.Signaled() {
		t.Errorf("killed by %v", ws.Signal())
	} else if code := ws.ExitStatus(); code != c.Want {
		t.Errorf("exit status %d, want %d", code, c.Want)
	}
	checkHostileStderr(t, c, errText)
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > hostileMaxRSSKB {
		t.Errorf("peak resident set %d KiB, bound %d KiB", ru.Maxrss, hostileMaxRSSKB)
	}
	after := listDir(t, dir)
	for _, name := range after {
		if !slices.Contains(before, name) && !slices.Contains(c.MayLeave, name) {
			t.Errorf("left %s behind", name)
		}
	}
	if c.Check != nil {
		c.Check(t, dir)
	}
	if t.Failed() {
		t.Logf("stderr:\n%s", errText)
	}
	return false
}

// checkHostileStderr wants the last line of stderr (before a usage
// error's hint) to be the tool's one-line message, holding c.Msg; lines
// before it may only be the tool's progress lines. No panic anywhere.
func checkHostileStderr(t *testing.T, c hostileCase, text string) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "fatal error:", "SIGSEGV"} {
		if strings.Contains(text, bad) {
			t.Errorf("stderr holds %q", bad)
		}
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if n := len(lines); n > 1 && lines[n-1] == "Run '"+c.Tool+" -h' for usage." {
		lines = lines[:n-1]
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, c.Tool+": ") {
			t.Errorf("stderr line %q is not the tool's", line)
		}
	}
	msg := lines[len(lines)-1]
	if msg == "" {
		t.Errorf("no message on stderr")
	}
	if c.Msg != "" && !strings.Contains(msg, c.Msg) {
		t.Errorf("message %q does not say %q", msg, c.Msg)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestHostileBasics: inputs every reading tool must refuse as they are.
func TestHostileBasics(t *testing.T) {
	fx := hostileFixtures(t)
	var cases []hostileCase
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i>>3)
	}
	for _, tl := range []string{"rbm-data", "rbm-train", "rbm-svd", "rbm-mp", "rbm-freeenergy",
		"rbm-sample", "rbm-plot", "rbm-cat", "rbm-export"} {
		args := []string{"-o", "out"}
		if tl == "rbm-train" {
			args = append(args, "-hidden", "3")
		}
		cases = append(cases,
			hostileCase{Name: "empty stdin", Tool: tl, Args: args, Want: 1},
			hostileCase{Name: "random bytes", Tool: tl, Args: args, Stdin: random, Want: 1},
			hostileCase{Name: "missing file", Tool: tl, Args: append(slices.Clone(args), "nofile"), Want: 1, Msg: "nofile"},
		)
	}
	cases = append(cases,
		hostileCase{Name: "truncated checkpoint", Tool: "rbm-svd", Args: []string{"-o", "out", "run"},
			Files: map[string][]byte{"run": fx.Checkpoint[:len(fx.Checkpoint)/3]}, Want: 1},
		hostileCase{Name: "stack of different kinds", Tool: "rbm-stack", Args: []string{"-o", "out", "a", "b"},
			Files: map[string][]byte{"a": fx.Spectrum, "b": fx.MPFit}, Want: 1},
	)
	runHostile(t, cases)
}
