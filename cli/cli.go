package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/format"
)

// Version is rbmkit's version, recorded in every artifact's provenance.
const Version = "0.1.0"

// Env is the outside world of a command: its standard streams, whether
// they are terminals, its environment and its cancellation.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdoutTerminal and StderrTerminal say whether the streams are
	// terminals: binary output is refused on one, progress draws a bar on
	// the other.
	StdoutTerminal, StderrTerminal bool
	// Context is cancelled to ask the command to stop (SIGINT/SIGTERM).
	Context context.Context
	// Dir is the directory relative paths are resolved against ("" is the
	// process's working directory).
	Dir string
	// CPUProfile, when set, is a file that receives a pprof CPU profile of
	// the run (RBMKIT_CPUPROFILE in OSEnv): where a long analysis spends
	// its time, with `go tool pprof bin/<tool> FILE`.
	CPUProfile string
	// Memory is the memory a run may plan to use (RBMKIT_MEMORY in OSEnv:
	// bytes or 8G, 512M...); empty is half the memory the process can
	// have (DefaultBudget). Run.Need checks estimates against it.
	Memory string
}

// OSEnv returns the process's environment, with a context cancelled by the
// first SIGINT or SIGTERM; after that, a second signal kills the process.
func OSEnv() Env {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StdoutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StderrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Context:        ctx,
		CPUProfile:     os.Getenv("RBMKIT_CPUPROFILE"),
		Memory:         os.Getenv(MemoryEnv),
	}
}

// Tool describes a command.
type Tool struct {
	// Name is the command's name, e.g. "rbm-data".
	Name string
	// Synopsis is the usage line after the name, e.g. "[flags] [file]".
	Synopsis string
	// Summary says in a sentence or a paragraph what the command does.
	Summary string
	// Example is a shell example or two, shown by -h.
	Example string
	// BinaryOutput adds -compress and refuses terminals on stdout.
	BinaryOutput bool
	// SideOutputs names the flags (without the dash) whose values are
	// further output files, opened with Run.SideOutput: Main checks them
	// with -o before the run (writable, not a directory, none the same
	// file as another).
	SideOutputs []string
	// Flags defines the command's flags on fs and returns the function
	// that runs it once the flags are parsed.
	Flags func(fs *flag.FlagSet) func(*Run) error
}

// Run is one invocation of a tool: its parsed arguments and its plumbing.
type Run struct {
	Tool *Tool
	Env  Env
	limits
	// Args are the positional arguments after the flags.
	Args []string
	// RawArgs are all arguments as given, recorded in provenance.
	RawArgs []string
	// Compression is the -compress choice (BinaryOutput tools).
	Compression format.Compression
	Ctx         context.Context
	output      string
	intr        interruption
}

// Usagef returns a usage error: Main prints it with a hint to -h and exits
// with status 2.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// UsageError is an error in how a command was called.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ExitError carries an exit status without a message (already printed).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Main runs tool t with the arguments and environment, and returns the exit
// status: 0 on success, 1 on failure, 2 on usage errors.
func Main(t Tool, args []string, env Env) int {
	if env.Context == nil {
		env.Context = context.Background()
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	r := &Run{Tool: &t, Env: env, RawArgs: append([]string{}, args...), Ctx: env.Context}
	fs, run, showVersion, compress := t.flagSet(r)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			t.usage(fs, env.Stdout)
			return 0
		}
		fmt.Fprintf(env.Stderr, "%s: %v\nRun '%s -h' for usage.\n", t.Name, err, t.Name)
		return 2
	}
	if *showVersion {
		fmt.Fprintf(env.Stdout, "%s %s (%s, %s, BLAS %s)\n", t.Name, Version, runtime.Version(), buildRevision(), backend.Name)
		return 0
	}
	// A core type forced on OpenBLAS that this CPU cannot run would end
	// the tool with SIGILL inside a product; a misdetected one runs slowly.
	if note, err := backend.Check(); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", t.Name, err)
		return 1
	} else if note != "" {
		fmt.Fprintf(env.Stderr, "%s: note: %s\n", t.Name, note)
	}
	r.Args = fs.Args()
	r.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) {
		name := f.Name
		if a, ok := f.Value.(*aliasValue); ok && a.of != "" {
			name = a.of
		}
		r.given[name] = true
	})
	dashdash := len(args) > len(r.Args) && args[len(args)-len(r.Args)-1] == "--"
	if name, ok := misplacedFlag(fs, r.Args); ok && !dashdash {
		// Go's flag package stops at the first file; a flag after it would
		// otherwise be taken for a file name.
		fmt.Fprintf(env.Stderr, "%s: flag -%s comes after a file argument: put flags before files (%s [flags] files)\nRun '%s -h' for usage.\n",
			t.Name, name, t.Name, t.Name)
		return 2
	}
	if t.BinaryOutput {
		c, err := format.ParseCompression(*compress)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: -compress: %v\n", t.Name, err)
			return 2
		}
		r.Compression = c
	}
	if err := checkFloats(fs); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\nRun '%s -h' for usage.\n", t.Name, err, t.Name)
		return 2
	}
	budget, err := BudgetFromEnv(env.Memory)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", t.Name, err)
		return 2
	}
	r.budget = budget
	format.MaxFileInput = int64(budget.Bytes / 2)
	stopProfile, err := startCPUProfile(env.CPUProfile)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: RBMKIT_CPUPROFILE: %v\n", t.Name, err)
		return 1
	}
	if err = r.checkDestinations(fs); err == nil {
		err = runWatched(r, run)
	}
	stopProfile()
	if r.interrupted() {
		// Whatever the run said (a read that failed, or nothing at all
		// from a loop that never looked), the signal is the cause.
		err = ErrInterrupted
	}
	var ue *UsageError
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "%s: %v\nRun '%s -h' for usage.\n", t.Name, err, t.Name)
		return 2
	default:
		fmt.Fprintf(env.Stderr, "%s: %v\n", t.Name, err)
		return 1
	}
}

// startCPUProfile starts a CPU profile into path ("" starts none) and
// returns the function that ends it.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// flagSet defines every flag of the tool on a new flag set: the tool's own
// and the shared -o, -version and (binary output) -compress.
func (t *Tool) flagSet(r *Run) (fs *flag.FlagSet, run func(*Run) error, version *bool, compress *string) {
	fs = flag.NewFlagSet(t.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	version = fs.Bool("version", false, "print the version and exit")
	fs.StringVar(&r.output, "o", "-", "write to `file` (atomically: a temporary file renamed on success); - is stdout")
	compress = new(string)
	if t.BinaryOutput {
		fs.StringVar(compress, "compress", "none", "record batch compression: none, zstd or lz4")
	}
	return fs, t.Flags(fs), version, compress
}

// FlagSet returns the tool's complete flag set, as a run of the tool
// parses it (for its manual and for tests of the flag conventions).
func (t *Tool) FlagSet() *flag.FlagSet {
	fs, _, _, _ := t.flagSet(&Run{Tool: t})
	return fs
}

// Usage is the tool's -h text.
func (t *Tool) Usage() string {
	var b strings.Builder
	t.usage(t.FlagSet(), &b)
	return b.String()
}

// misplacedFlag reports a positional argument that names one of the
// tool's flags (-name, --name or -name=value): a flag written after a file.
// Files whose names begin with a dash come after "--".
func misplacedFlag(fs *flag.FlagSet, args []string) (string, bool) {
	for _, a := range args {
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if i := strings.IndexByte(name, '='); i >= 0 {
			name = name[:i]
		}
		if fs.Lookup(name) != nil || name == "h" || name == "help" {
			return name, true
		}
	}
	return "", false
}

func buildRevision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value[:12]
			}
		}
	}
	return "no vcs info"
}

func (t *Tool) usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n\nflags:\n", t.Name, t.Synopsis, strings.TrimSpace(t.Summary))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if t.Example != "" {
		fmt.Fprintf(w, "\nexample:\n")
		for _, line := range strings.Split(strings.TrimSpace(t.Example), "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

// Step is this invocation's provenance entry.
func (r *Run) Step() format.Step {
	return format.Step{Tool: r.Tool.Name, Version: Version, Args: r.RawArgs}
}

// Path resolves a user-given path against Env.Dir.
func (r *Run) Path(p string) string {
	if r.Env.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(r.Env.Dir, p)
}

// Input opens the named input; "" and "-" mean stdin. The returned name is
// what errors should say ("stdin" or the path).
func (r *Run) Input(name string) (io.ReadCloser, string, error) {
	if name == "" || name == "-" {
		return r.observe(io.NopCloser(r.Env.Stdin)), "stdin", nil
	}
	f, err := os.Open(r.Path(name))
	if err != nil {
		return nil, name, err
	}
	return r.observe(f), name, nil
}

// SingleInput opens the one optional positional argument (stdin if none);
// more than one is a usage error.
func (r *Run) SingleInput() (io.ReadCloser, string, error) {
	switch len(r.Args) {
	case 0:
		return r.Input("-")
	case 1:
		return r.Input(r.Args[0])
	}
	return nil, "", Usagef("expected at most one input file, got %d: %s", len(r.Args), strings.Join(r.Args, " "))
}

// OutputName is -o's value: a path, or "-" (or "") for stdout.
func (r *Run) OutputName() string { return r.output }

// Output is where a command writes its result: stdout, a temporary file
// renamed onto the target by Commit, or (when the target is a device, a
// FIFO or a socket, or a link to one) the target itself, written through.
type Output struct {
	io.Writer
	Name    string
	label   string // names the file in errors: the path, or flag and path
	file    *os.File
	target  string
	mode    os.FileMode // the replaced file's permissions, kept; 0: the umask's
	through bool        // file is the special file itself: nothing to rename
	done    bool
	run     *Run
}

// Write writes to the output, refusing once the run is interrupted.
func (o *Output) Write(p []byte) (int, error) {
	if o.run != nil && o.run.interrupted() {
		return 0, ErrInterrupted
	}
	return o.Writer.Write(p)
}

// Output opens the -o destination. Binary output to a terminal is refused.
// Call Commit on success; Abort (safe after Commit) on every path.
func (r *Run) Output() (*Output, error) {
	if r.output == "" || r.output == "-" {
		if r.Tool.BinaryOutput && r.Env.StdoutTerminal {
			return nil, Usagef("refusing to write binary Arrow data to a terminal: redirect stdout or use -o FILE")
		}
		o := &Output{Writer: r.Env.Stdout, Name: "stdout", run: r}
		return o, r.track(o)
	}
	return r.createOutput("-o", r.output)
}

// SideOutput opens a second output file of the tool, given to flag (such
// as rbm-sample's -trace), with the same atomic commit as Output. It has
// no stdout form, and may not name -o's file or another side output's.
func (r *Run) SideOutput(flag, path string) (*Output, error) {
	if err := r.checkDestination(flag, path); err != nil {
		return nil, err
	}
	if r.output != "" && r.output != "-" && samePath(r.Path(path), r.Path(r.output)) {
		return nil, Usagef("%s %s names the same file as -o %s: give them different names", flag, path, r.output)
	}
	r.intr.mu.Lock()
	opened := slices.Clone(r.intr.outputs)
	r.intr.mu.Unlock()
	for _, o := range opened {
		if o.target != "" && samePath(r.Path(path), o.target) {
			return nil, Usagef("%s %s names the same file as %s", flag, path, o.label)
		}
	}
	o, err := r.createOutput(flag, path)
	if err == nil {
		o.label = flag + " " + path
	}
	return o, err
}

// Commit makes the output visible under its name. An interrupted run's
// output is removed instead (unless the run holds its interruption).
func (o *Output) Commit() error {
	if o.run != nil {
		o.run.intr.mu.Lock()
		defer o.run.intr.mu.Unlock()
		if o.run.intr.aborted || o.run.signalled() && !o.run.intr.held {
			if o.file != nil && !o.done && !o.through {
				o.remove()
			}
			o.done = true
			return ErrInterrupted
		}
	}
	if o.file == nil || o.done {
		o.done = true
		return nil
	}
	o.done = true
	if o.through {
		if err := o.file.Close(); err != nil {
			return fmt.Errorf("%s: %v", o.label, err)
		}
		return nil
	}
	if err := o.file.Sync(); err != nil {
		o.remove()
		return fmt.Errorf("%s: %v", o.label, err)
	}
	if err := o.file.Close(); err != nil {
		os.Remove(o.file.Name())
		return fmt.Errorf("%s: %v", o.label, err)
	}
	if o.mode != 0 {
		if err := os.Chmod(o.file.Name(), o.mode); err != nil {
			os.Remove(o.file.Name())
			return fmt.Errorf("%s: %v", o.label, err)
		}
	}
	if err := os.Rename(o.file.Name(), o.target); err != nil {
		os.Remove(o.file.Name())
		return fmt.Errorf("%s: %v", o.label, err)
	}
	return nil
}

// Abort discards an uncommitted output file (a special file written
// through is only closed).
func (o *Output) Abort() {
	if o.run != nil {
		o.run.intr.mu.Lock() // Main may be removing it at the same time
		defer o.run.intr.mu.Unlock()
	}
	if o.file != nil && !o.done {
		o.done = true
		if o.through {
			o.file.Close()
			return
		}
		o.remove()
	}
}

func (o *Output) remove() {
	o.file.Close()
	os.Remove(o.file.Name())
}
