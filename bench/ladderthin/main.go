package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
)

func main() {
	var o options
	flag.IntVar(&o.every, "every", 1, "keep every n-th rung after rung 0 (and the last)")
	flag.Int64Var(&o.from, "from", 0, "thin only the rungs after this step")
	flag.Int64Var(&o.upto, "upto", -1, "drop the rungs after this step (-1: none)")
	flag.Int64Var(&o.since, "since", 0, "drop the rungs before this step (a segment of the ladder)")
	flag.IntVar(&o.fill, "fill", 0, "models put between neighbouring kept rungs, on the line between them")
	flag.Parse()
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	err := run(o, bufio.NewReader(os.Stdin), out)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ladderthin:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	every             int
	from, since, upto int64
	fill              int
}

// run copies the ladder stream in to out, thinned and filled as o says.
func run(o options, in io.Reader, out io.Writer) error {
	every, from, since, upto, fill := o.every, o.from, o.since, o.upto, o.fill
	if every < 1 {
		return fmt.Errorf("-every %d: want ≥ 1", every)
	}
	rd, err := format.NewReader[format.Snapshot](in, "stdin")
	if err != nil {
		return err
	}
	defer rd.Close()
	w, err := format.NewWriter[format.Snapshot](out, rd.Header(), format.Include(format.LadderColumns...))
	if err != nil {
		return err
	}
	var held *format.Snapshot // the last rung read and not written
	var prev *format.Snapshot // the last rung written
	kept, seen := int64(0), 0
	write := func(s *format.Snapshot) error {
		for j := 1; prev != nil && j <= fill; j++ {
			t := float32(j) / float32(fill+1)
			m := format.CloneSnapshot(prev)
			for _, p := range [][2][]float32{{m.W, s.W}, {m.A, s.A}, {m.B, s.B}} {
				rbm.Lerp(p[0], p[0], p[1], t)
			}
			m.Rung = kept
			unmeasured(m)
			kept++
			if err := w.Write(m); err != nil {
				return err
			}
		}
		if fill > 0 && prev != nil {
			unmeasured(s)
		}
		s.Rung = kept
		kept++
		prev = s
		return w.Write(s)
	}
	// A ladder written before the ladder_pairs column: not measured.
	oldLadder := !rd.Has("ladder_pairs")
	for rd.Next() {
		s := format.CloneSnapshot(rd.Row())
		if oldLadder {
			s.LadderPairs = math.NaN()
		}
		if upto >= 0 && s.Step > upto {
			break
		}
		if s.Step < since {
			continue
		}
		if prev == nil && since > 0 {
			// The segment's first rung is kept; the rung its recorded
			// acceptance was to is not.
			s.Rung = 0
			unmeasured(s)
		}
		thin := s.Step > from
		if thin {
			seen++
		}
		if s.Rung == 0 || !thin || seen%every == 0 {
			if thin && every > 1 && s.Rung > 0 {
				unmeasured(s)
			}
			if err := write(s); err != nil {
				return err
			}
			held = nil
			continue
		}
		// Its recorded acceptance was to the rung just before it,
		// which thinning removes.
		unmeasured(s)
		held = s
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if held != nil {
		if err := write(held); err != nil {
			return err
		}
	}
	return w.Close()
}

// unmeasured marks a rung's acceptance to the rung before, and that
// estimate's pairs' effective number, as not measured: the rung before is
// not the one it was measured to.
func unmeasured(s *format.Snapshot) {
	s.LadderAcceptance, s.LadderPairs = math.NaN(), math.NaN()
}
