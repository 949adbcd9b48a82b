// Package rng derives every random stream of rbmkit from (seed, replica,
// purpose), so that runs are reproducible to the byte and replicas differ
// only through their replica number.
//
// Streams are math/rand/v2 PCG generators. Their state marshals to 20 bytes
// (MarshalBinary), which checkpoints store for exact resume. Parallel work
// draws from per-block streams (Derive with a block index), never from a
// shared generator, so results do not depend on the number of threads.
package rng
