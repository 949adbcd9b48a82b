package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress reports long work on stderr: a redrawn bar on a terminal, one
// line per Update otherwise (batch logs).
type Progress struct {
	w        io.Writer
	tool     string
	unit     string
	total    int
	terminal bool
	start    time.Time
	drawn    bool
	// In logs, lines closer than interval to the last one are dropped,
	// except the one that completes the work.
	interval time.Duration
	last     time.Time
}

// LogEvery thins the lines written to a log (not a terminal) to one per
// interval, plus the last: for work whose updates are many and quick,
// such as sweeps, where a line each would bury the log. It returns p.
func (p *Progress) LogEvery(interval time.Duration) *Progress {
	p.interval = interval
	return p
}

// Progress starts a progress report over total units (0 if unknown) named
// by unit, e.g. "epoch".
func (r *Run) Progress(total int, unit string) *Progress {
	return &Progress{w: r.Env.Stderr, tool: r.Tool.Name, unit: unit, total: total,
		terminal: r.Env.StderrTerminal, start: time.Now()}
}

// Update reports that done units are complete, with a status text such as
// monitor values.
func (p *Progress) Update(done int, status string) {
	if !p.terminal {
		now := time.Now()
		if p.interval > 0 && done != p.total && !p.last.IsZero() && now.Sub(p.last) < p.interval {
			return
		}
		p.last = now
		if p.total > 0 {
			fmt.Fprintf(p.w, "%s: %s %d/%d %s\n", p.tool, p.unit, done, p.total, status)
		} else {
			fmt.Fprintf(p.w, "%s: %s %d %s\n", p.tool, p.unit, done, status)
		}
		return
	}
	const width = 24
	bar := ""
	if p.total > 0 {
		filled := min(width, done*width/p.total)
		bar = "[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "] "
	}
	elapsed := time.Since(p.start).Round(time.Second)
	fmt.Fprintf(p.w, "\r\033[K%s%s %d/%d %s (%s)", bar, p.unit, done, p.total, status, elapsed)
	p.drawn = true
}

// Done ends the report (a newline after a bar).
func (p *Progress) Done() {
	if p.terminal && p.drawn {
		fmt.Fprintln(p.w)
	}
}

// Logf writes one line to stderr, prefixed with the tool's name.
func (r *Run) Logf(format string, args ...any) {
	fmt.Fprintf(r.Env.Stderr, "%s: %s\n", r.Tool.Name, fmt.Sprintf(format, args...))
}
