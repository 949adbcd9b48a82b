package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// MemoryEnv is the environment variable that sets the memory a run may
// plan to use (bytes, or with a K, M, G or T suffix, powers of 1024).
const MemoryEnv = "RBMKIT_MEMORY"

// limits are a run's memory budget and the flags given on its command
// line (Given), read by Main.
type limits struct {
	budget Budget
	given  map[string]bool
}

// Given reports whether the flag name was set on the command line, under
// its name or an old spelling of it (Alias).
func (r *Run) Given(name string) bool { return r.given[name] }

// Budget is the memory a run may plan to use, and where that number came
// from, for the refusal's message.
type Budget struct {
	Bytes  float64
	Source string
}

// DefaultBudget is half the memory the process can have: the smallest of
// the machine's physical memory, the cgroup's limit and the address-space
// rlimit (ulimit -v). Half, because an estimate counts the large arrays of
// a run, not the runtime's and the decoders' overheads.
func DefaultBudget() Budget {
	b, src := physicalMemory(), "physical memory"
	if c, ok := cgroupLimit(); ok && c < b {
		b, src = c, "cgroup memory limit"
	}
	if l, ok := addressLimit(); ok && l < b {
		b, src = l, "ulimit -v"
	}
	return Budget{Bytes: b / 2, Source: "half the " + src}
}

// BudgetFromEnv reads MemoryEnv's value; empty is the default.
func BudgetFromEnv(v string) (Budget, error) {
	if v == "" {
		return DefaultBudget(), nil
	}
	n, err := ParseBytes(v)
	if err != nil {
		return Budget{}, fmt.Errorf("%s=%s: %v", MemoryEnv, v, err)
	}
	return Budget{Bytes: n, Source: MemoryEnv}, nil
}

// ParseBytes reads a size: a number of bytes, optionally with a K, M, G or
// T suffix (powers of 1024) and an optional B.
func ParseBytes(v string) (float64, error) {
	s := strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(v)), "B")
	mult := 1.0
	if i := strings.IndexAny(s, "KMGT"); i >= 0 && i == len(s)-1 {
		mult = math.Pow(1024, float64(1+strings.IndexByte("KMGT", s[i])))
		s = s[:i]
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("want a size > 0 such as 8G or 512M")
	}
	return n * mult, nil
}

// Need refuses, before anything large is allocated, a run whose estimated
// memory exceeds the budget: what names the flags or input that ask for
// it (e.g. "-hidden 100000000 with 784 visible units"). Estimates are
// float64 so that products of absurd flags cannot overflow.
func (r *Run) Need(what string, bytes float64) error {
	b := r.budget
	if b.Bytes == 0 {
		b = DefaultBudget()
	}
	if !(bytes <= b.Bytes) {
		return fmt.Errorf("%s needs about %s of memory, over the limit of %s (%s; set %s to raise it)",
			what, HumanBytes(bytes), HumanBytes(b.Bytes), b.Source, MemoryEnv)
	}
	return nil
}

// Bytes is the size of n values of size bytes each, a product of any
// number of counts, in float64 so that it cannot overflow.
func Bytes(size float64, counts ...int) float64 {
	for _, c := range counts {
		size *= float64(c)
	}
	return size
}

// HumanBytes writes a size in B, KB, MB, GB, TB (powers of 1024), three
// significant digits.
func HumanBytes(n float64) string {
	units := []string{"B", "KB", "MB", "GB", "TB", "PB", "EB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	return fmt.Sprintf("%.3g %s", n, units[i])
}

// physicalMemory is MemTotal of /proc/meminfo, or 8 GiB where there is
// none.
func physicalMemory() float64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 8 << 30
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			if kb, err := strconv.ParseFloat(fields[1], 64); err == nil && kb > 0 {
				return kb * 1024
			}
		}
	}
	return 8 << 30
}

// cgroupLimit is the cgroup v2 memory.max of the process's cgroup, if set.
func cgroupLimit() (float64, bool) {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	return n, err == nil && n > 0
}

// ReadAll reads a whole input that a tool must hold in memory, with the
// budget as its bound: a regular file whose size times factor (the copies
// the tool makes of what it reads) exceeds the budget is refused before
// reading, and a stream (a pipe, a device such as /dev/zero) is refused
// as soon as it passes the budget divided by factor. A cancelled run stops
// reading.
func (r *Run) ReadAll(in io.Reader, name string, factor float64) ([]byte, error) {
	b := r.budget
	if b.Bytes == 0 {
		b = DefaultBudget()
	}
	limit := int64(b.Bytes / factor)
	var buf bytes.Buffer
	if f, ok := in.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if err := r.Need(fmt.Sprintf("%s (%s)", name, HumanBytes(float64(fi.Size()))), factor*float64(fi.Size())); err != nil {
				return nil, err
			}
			buf.Grow(int(fi.Size()) + 1) // one allocation, not doublings
		}
	}
	chunk := make([]byte, 1<<20)
	for {
		if err := r.Ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: interrupted while reading", name)
		}
		n, err := in.Read(chunk)
		buf.Write(chunk[:n])
		if int64(buf.Len()) > limit {
			return nil, fmt.Errorf("%s: more than %s of input, which needs about %s of memory, over the limit of %s (%s; set %s to raise it)",
				name, HumanBytes(float64(limit)), HumanBytes(factor*float64(buf.Len())), HumanBytes(b.Bytes), b.Source, MemoryEnv)
		}
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
}

// NeedOutput refuses, before it starts, a run whose output (the product of
// its flags, at least) would not fit in the free space of the file system
// of its -o file. A run to stdout is not checked: where the bytes go is
// the pipeline's.
func (r *Run) NeedOutput(what string, bytes float64) error {
	if r.output == "" || r.output == "-" {
		return nil
	}
	dir := filepath.Dir(r.Path(r.output))
	free, ok := freeSpace(dir)
	if !ok || bytes <= free {
		return nil
	}
	return fmt.Errorf("%s writes about %s, more than the %s free on the file system of %s", what, HumanBytes(bytes), HumanBytes(free), dir)
}
