package rng

import (
	"hash/fnv"
	"math/rand/v2"
)

// New returns the stream for (seed, replica, purpose).
func New(seed uint64, replica int, purpose string) *rand.Rand {
	return rand.New(NewSource(seed, replica, purpose))
}

// NewSource returns the PCG source for (seed, replica, purpose); keep it to
// marshal the stream's state.
func NewSource(seed uint64, replica int, purpose string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	p := h.Sum64()
	return rand.NewPCG(mix(seed^mix(uint64(replica)+0x9e3779b97f4a7c15)), mix(p^mix(seed+1)))
}

// Derive returns the stream for block i of a parent stream's purpose, e.g.
// the Gibbs chain block i of a sampler, independent of any thread schedule.
func Derive(seed uint64, replica int, purpose string, i int) *rand.Rand {
	return rand.New(rand.NewPCG(DeriveSeeds(seed, replica, purpose, i)))
}

// DeriveSeeds returns the PCG seeds of Derive's stream, to reseed a source
// in place (rand.PCG.Seed) where a stream per block per step is needed
// without allocating.
func DeriveSeeds(seed uint64, replica int, purpose string, i int) (uint64, uint64) {
	return mix(seed ^ mix(uint64(replica)+0x9e3779b97f4a7c15) ^ mix(uint64(i)+0x632be59bd9b4e019)), mix(hash(purpose) ^ mix(uint64(i)))
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// mix is SplitMix64's finalizer: a bijection that spreads nearby inputs.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
