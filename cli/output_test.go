package cli

import (
	"context"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// -o onto a FIFO, or a link to one, writes into the FIFO and leaves both
// in place (a regular file written in their stead was the bug); -o through
// a link to a regular file replaces the file and keeps the link.
func TestOutputWritesThroughSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("pipe", filepath.Join(dir, "to-pipe")); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"pipe", "to-pipe"} {
		got := make(chan string)
		go func() {
			f, err := os.Open(pipe)
			if err != nil {
				got <- err.Error()
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			got <- string(b)
		}()
		if code, _, e := run(t, Env{Stdin: strings.NewReader("through"), Dir: dir}, "-o", target); code != 0 {
			t.Fatalf("-o %s: exit %d: %s", target, code, e)
		}
		if s := <-got; s != "through" {
			t.Errorf("-o %s: the FIFO's reader got %q", target, s)
		}
		if fi, err := os.Stat(pipe); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("-o %s: the FIFO was replaced (%v, %v)", target, fi.Mode(), err)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dir, "to-pipe")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link to the FIFO was replaced (%v)", err)
	}

	os.WriteFile(filepath.Join(dir, "file"), []byte("old"), 0o600)
	os.Symlink("file", filepath.Join(dir, "to-file"))
	if code, _, e := run(t, Env{Stdin: strings.NewReader("new"), Dir: dir}, "-o", "to-file"); code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "to-file")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link to the file was replaced (%v)", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "new" {
		t.Errorf("the linked file holds %q", b)
	}
}

// A new output file gets 0666 less the umask, as the shell's > gives; a
// replaced one keeps its permissions.
func TestOutputModes(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		umask int
		old   os.FileMode // 0: no file before
		want  os.FileMode
	}{
		{0o022, 0, 0o644}, {0o077, 0, 0o600}, {0o002, 0, 0o664}, {0o022, 0o600, 0o600}, {0o077, 0o664, 0o664}, {0o022, 0o755, 0o755},
	} {
		target := filepath.Join(dir, "out")
		os.Remove(target)
		if c.old != 0 {
			os.WriteFile(target, []byte("old"), c.old)
			os.Chmod(target, c.old)
		}
		old := syscall.Umask(c.umask)
		code, _, e := run(t, Env{Stdin: strings.NewReader("x")}, "-o", target)
		syscall.Umask(old)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, e)
		}
		fi, err := os.Stat(target)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != c.want {
			t.Errorf("umask %03o, old file %v: mode %v, want %v", c.umask, c.old, fi.Mode().Perm(), c.want)
		}
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// A writer removes the temporary files of its own name left by a killed
// writer on this host, and no other: not those of a writer still running,
// of another host, or of another name.
func TestOutputCleansStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	live := exec.Command("sleep", "60")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { live.Process.Kill(); live.Wait() }()
	prefix := tempPrefix("out")
	dead := prefix + strconv.Itoa(deadPID(t)) + "-0a1b2c"
	kept := []string{
		prefix + strconv.Itoa(live.Process.Pid) + "-0a1b2c",          // a writer still running
		".out.tmp-otherhost-" + strconv.Itoa(deadPID(t)) + "-0a1b2c", // another host's
		tempPrefix("other") + strconv.Itoa(deadPID(t)) + "-0a1b2c",   // another name's
		".out.tmp-123456", // not of this scheme
	}
	for _, n := range append([]string{dead}, kept...) {
		os.WriteFile(filepath.Join(dir, n), []byte("partial"), 0o644)
	}
	if code, _, e := run(t, Env{Stdin: strings.NewReader("x"), Dir: dir}, "-o", "out"); code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if _, err := os.Stat(filepath.Join(dir, dead)); err == nil {
		t.Errorf("the killed writer's %s is still there", dead)
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed", n)
		}
	}
}

// Two writers of one name at once never remove each other's temporary
// file: both commit.
func TestConcurrentWritersKeepTheirTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	release := make(chan struct{})
	opened := make(chan struct{}, 2)
	slow := Tool{Name: "rbm-slow", Flags: func(fs *flag.FlagSet) func(*Run) error {
		return func(r *Run) error {
			out, err := r.Output()
			if err != nil {
				return err
			}
			defer out.Abort()
			opened <- struct{}{}
			<-release
			io.WriteString(out, "done")
			return out.Commit()
		}
	}}
	codes := make(chan int, 2)
	for range 2 {
		go func() {
			code, _, _ := Call(slow, nil, dir, "-o", "out")
			codes <- code
		}()
	}
	<-opened
	<-opened
	close(release)
	for range 2 {
		if c := <-codes; c != 0 {
			t.Errorf("a writer failed: exit %d", c)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out")); string(b) != "done" {
		t.Errorf("out holds %q", b)
	}
}

// A destination that cannot be written is refused before the run starts.
func TestDestinationCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	os.WriteFile(filepath.Join(dir, "f"), nil, 0o644)
	ran := false
	tool := Tool{Name: "rbm-x", SideOutputs: []string{"side"}, Flags: func(fs *flag.FlagSet) func(*Run) error {
		fs.String("side", "", "side `file`")
		return func(r *Run) error { ran = true; return nil }
	}}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-o", "d"}, 1, "rbm-x: -o d: is a directory: name a file"},
		{[]string{"-o", "no/out"}, 1, "rbm-x: -o no/out: directory no does not exist"},
		{[]string{"-o", "f/out"}, 1, "rbm-x: -o f/out: f is not a directory"},
		{[]string{"-side", "d", "-o", "out"}, 1, "rbm-x: -side d: is a directory"},
		{[]string{"-side", "out", "-o", "out"}, 2, "rbm-x: -side out names the same file as -o out"},
		{[]string{"-side", "./x/../out", "-o", "out"}, 2, "rbm-x: -side ./x/../out names the same file as -o out"},
	} {
		ran = false
		code, _, e := Call(tool, nil, dir, c.args...)
		if code != c.code || !strings.HasPrefix(e, c.msg) || ran {
			t.Errorf("%v: exit %d, ran %v, stderr %q; want %d, %q", c.args, code, ran, e, c.code, c.msg)
		}
	}
}

// A signalled run that never looks at its context, or blocks in a read,
// is given up after the grace: exit 1, "interrupted", its temporary file
// gone, and a commit after that refused. A run that holds keeps its
// output.
func TestInterruptedRuns(t *testing.T) {
	dir := t.TempDir()
	block := make(chan struct{})
	defer close(block)
	committed := make(chan error, 1)
	stuck := Tool{Name: "rbm-stuck", Flags: func(fs *flag.FlagSet) func(*Run) error {
		hold := fs.Bool("hold", false, "hold")
		return func(r *Run) error {
			if *hold {
				r.Hold()
			}
			out, err := r.Output()
			if err != nil {
				return err
			}
			io.WriteString(out, "partial")
			if *hold {
				<-r.Ctx.Done()
				io.WriteString(out, " and final")
				return out.Commit()
			}
			<-block // never looks at r.Ctx
			committed <- out.Commit()
			return nil
		}
	}}
	signal := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		return ctx
	}
	var errOut strings.Builder
	code := Main(stuck, []string{"-o", "out"}, Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Dir: dir, Context: signal()})
	if code != 1 || errOut.String() != "rbm-stuck: "+ErrInterrupted.Error()+"\n" {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) > 0 {
		t.Errorf("left %v", names)
	}
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(hidden) > 0 {
		t.Errorf("left %v", hidden)
	}
	block <- struct{}{}
	if err := <-committed; err != ErrInterrupted {
		t.Errorf("a commit after the run was given up: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Errorf("out was committed after the run was given up")
	}

	errOut.Reset()
	code = Main(stuck, []string{"-hold", "-o", "kept"}, Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Dir: dir, Context: signal()})
	if code != 0 {
		t.Errorf("held run: exit %d, stderr %q", code, errOut.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kept")); string(b) != "partial and final" {
		t.Errorf("held run's output: %q", b)
	}
}

// Inputs observe the cancellation: a read after the signal fails.
func TestInputsObserveCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Run{Tool: &Tool{Name: "x"}, Env: Env{Stdin: strings.NewReader("abc")}, Ctx: ctx}
	in, _, _ := r.Input("-")
	var b [1]byte
	if _, err := in.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := in.Read(b[:]); err != ErrInterrupted {
		t.Errorf("read after the signal: %v", err)
	}
}
