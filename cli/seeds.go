package cli

import (
	"flag"
	"strconv"

	"github.com/rbmkit/rbmkit/format"
)

// Seeds is a tool's -seed and -replica, the two numbers from which every
// random stream of rbmkit is derived (with a purpose; see package rng).
// Every tool declares them the same way: a tool that starts a lineage
// (rbm-train, rbm-data) with Define, whose default seed is 1 and replica
// 0; a tool that reads a checkpoint with DefineInherited, whose unset
// flags take the checkpoint's values (Inherit), so that the analysis of a
// replica draws from that replica's streams unless told otherwise.
type Seeds struct {
	Seed                 uint64
	Replica              int
	seedSet, replicaSet  bool
	inherited, noReplica bool
}

// DefaultSeed is the seed of a new lineage when -seed is not given.
const DefaultSeed = 1

// Define registers -seed and, unless noReplica, -replica for a tool that
// starts a lineage.
func (s *Seeds) Define(fs *flag.FlagSet, noReplica bool) {
	s.Seed, s.noReplica = DefaultSeed, noReplica
	fs.Var(seedValue{s}, "seed", "seed of the random streams (unsigned integer)")
	if !noReplica {
		fs.Var(replicaValue{s}, "replica", "replica number (≥ 0): replicas of a seed differ only through it")
	}
}

// DefineInherited registers -seed and -replica for a tool that reads a
// stream whose header has them.
func (s *Seeds) DefineInherited(fs *flag.FlagSet) {
	s.inherited = true
	fs.Var(seedValue{s}, "seed", "seed of the random streams (default: the input's)")
	fs.Var(replicaValue{s}, "replica", "replica number of the random streams (default: the input's)")
}

// Inherit takes the header's seed and replica for the flags not given.
func (s *Seeds) Inherit(h format.Header) {
	if !s.seedSet {
		s.Seed = h.Seed
	}
	if !s.replicaSet {
		s.Replica = h.Replica
	}
}

type seedValue struct{ s *Seeds }

func (v seedValue) String() string {
	if v.s == nil || v.s.inherited {
		return ""
	}
	return strconv.FormatUint(v.s.Seed, 10)
}

func (v seedValue) Set(x string) error {
	n, err := strconv.ParseUint(x, 10, 64)
	if err != nil {
		return errUnsigned
	}
	v.s.Seed, v.s.seedSet = n, true
	return nil
}

type replicaValue struct{ s *Seeds }

func (v replicaValue) String() string {
	if v.s == nil || v.s.inherited {
		return ""
	}
	return strconv.Itoa(v.s.Replica)
}

func (v replicaValue) Set(x string) error {
	n, err := strconv.Atoi(x)
	if err != nil || n < 0 {
		return errNonNegative
	}
	v.s.Replica, v.s.replicaSet = n, true
	return nil
}

type valueError string

func (e valueError) Error() string { return string(e) }

const (
	errUnsigned    = valueError("want an unsigned integer")
	errNonNegative = valueError("want an integer ≥ 0")
)
