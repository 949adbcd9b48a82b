package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// The output files: where -o (or a side output) writes, checked before the
// run starts, and how its temporary file is named and cleaned.
//
// A regular target is written to a temporary file beside it, named
// .NAME.tmp-HOST-PID-RANDOM, and renamed onto it by Commit. HOST and PID
// name the writer, so that a later writer of the same NAME on the same
// host can tell the temporary files of a killed writer (whose PID is gone)
// from those of a writer still running, and removes only the former; a
// writer on another host (a shared file system) is never judged.

// resolveTarget follows symbolic links, so that -o through a link writes
// the file the link names and keeps the link.
func resolveTarget(target string) string {
	if t, err := filepath.EvalSymlinks(target); err == nil {
		return t
	}
	return target
}

// checkDestination refuses, before any work, an output path that cannot
// be written: a directory, or a file in a directory that does not exist
// or is not writable. "" and "-" (stdout) pass.
func (r *Run) checkDestination(flag, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	target := resolveTarget(r.Path(path))
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s %s: is a directory: name a file", flag, path)
	case err == nil && !fi.Mode().IsRegular():
		return nil // written through (a device, a FIFO, a socket)
	case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s %s: %v", flag, path, err)
	}
	dir := filepath.Dir(target)
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: directory %s does not exist", flag, path, filepath.Dir(path))
	case err != nil:
		return fmt.Errorf("%s %s: %v", flag, path, err)
	case !di.IsDir():
		return fmt.Errorf("%s %s: %s is not a directory", flag, path, filepath.Dir(path))
	case !dirWritable(dir):
		return fmt.Errorf("%s %s: directory %s is not writable", flag, path, filepath.Dir(path))
	}
	return nil
}

// checkDestinations checks -o and the side outputs before the run: each
// can be written, and no two name the same file.
func (r *Run) checkDestinations(fs *flag.FlagSet) error {
	if err := r.checkDestination("-o", r.output); err != nil {
		return err
	}
	type dest struct{ flag, path string }
	var seen []dest
	if r.output != "" && r.output != "-" {
		seen = append(seen, dest{"-o", r.output})
	}
	for _, name := range r.Tool.SideOutputs {
		f := fs.Lookup(name)
		if f == nil || f.Value.String() == "" {
			continue
		}
		d := dest{"-" + name, f.Value.String()}
		if err := r.checkDestination(d.flag, d.path); err != nil {
			return err
		}
		for _, o := range seen {
			if samePath(r.Path(d.path), r.Path(o.path)) {
				return Usagef("%s %s names the same file as %s %s: give them different names", d.flag, d.path, o.flag, o.path)
			}
		}
		seen = append(seen, d)
	}
	return nil
}

// samePath says whether two paths name one file (after links), or would.
func samePath(a, b string) bool {
	a, b = resolveTarget(a), resolveTarget(b)
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	aa, err1 := filepath.Abs(a)
	ab, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ab
}

// createOutput opens the output for path: the special file itself, or a
// temporary file beside a regular one, after removing the temporary files
// of killed writers of the same name.
func (r *Run) createOutput(flag, path string) (*Output, error) {
	if err := r.checkDestination(flag, path); err != nil {
		return nil, err
	}
	target := resolveTarget(r.Path(path))
	o := &Output{Name: path, label: path, target: target, run: r}
	fi, err := os.Stat(target)
	if err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %v", flag, path, err)
		}
		o.Writer, o.file, o.through = f, f, true
		if err := r.track(o); err != nil {
			return nil, err
		}
		return o, nil
	}
	if err == nil {
		o.mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(target)
	prefix := tempPrefix(base)
	cleanStale(dir, prefix)
	var f *os.File
	for range 100 {
		var rnd [6]byte
		rand.Read(rnd[:])
		name := filepath.Join(dir, prefix+strconv.Itoa(os.Getpid())+"-"+hex.EncodeToString(rnd[:]))
		// 0666 less the umask, as the shell's > would create it.
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", flag, path, err)
	}
	o.Writer, o.file = f, f
	if err := r.track(o); err != nil {
		return nil, err
	}
	return o, nil
}

// tempPrefix is the start of the temporary files' names for base written
// from this host: ".base.tmp-HOST-".
func tempPrefix(base string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	host = strings.NewReplacer("/", "_", "-", "_").Replace(host)
	return "." + base + ".tmp-" + host + "-"
}

// cleanStale removes the temporary files in dir of prefix whose writer
// (the PID after the prefix) no longer runs on this host.
func cleanStale(dir, prefix string) {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if processGone(pid) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
