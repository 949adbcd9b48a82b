// Package cli is the plumbing every rbmkit command shares, so that all of
// them behave alike:
//
//   - input from a file argument or stdin ("-" or no argument means stdin);
//   - output to stdout or to -o FILE, written to a temporary file in the same
//     directory and renamed into place only on success, so an interrupted job
//     never leaves a complete-looking file; binary output is refused when
//     stdout is a terminal;
//   - errors on stderr as "tool: what failed: why", exit status 1 for
//     failures and 2 for usage errors;
//   - -h prints the usage with an example, -version the version;
//   - progress on stderr: a bar on a terminal, one line per step otherwise
//     (for Slurm logs), never on stdout;
//   - -o and the side outputs (Tool.SideOutputs) are checked before the run;
//     a device, FIFO or socket (or a link to one) is written through, not
//     replaced; a replaced file keeps its mode, a new one follows the umask;
//     temporary files of killed writers of the same name are removed;
//   - SIGINT and SIGTERM cancel the context a command runs under; its
//     inputs and outputs then refuse to go on, and Main gives up on a run
//     still going after a grace of 0.5 s (removing its temporary files,
//     exit 1), unless the run holds (Run.Hold: rbm-train finishes its step
//     and keeps a final snapshot); a second signal kills;
//   - RBMKIT_CPUPROFILE=FILE writes a pprof CPU profile of the run.
//
// A command is a Tool value; its main function is one line:
//
//	func main() { os.Exit(cli.Main(rbmdata.Tool, os.Args[1:], cli.OSEnv())) }
//
// Tests run tools in process with an Env of buffers.
//
// Limits: Run.Need refuses, in one line with the estimate and the limit, a
// run whose memory estimate exceeds the budget (RBMKIT_MEMORY, default half
// the physical, cgroup or ulimit -v memory), and Run.NeedOutput one whose
// output would not fit on -o's file system; Run.ReadAll reads an input held
// whole within the budget; every float flag is refused if NaN or infinite,
// or outside its Within interval, before the tool runs.
package cli
