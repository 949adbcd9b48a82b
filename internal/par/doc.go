// Package par runs independent blocks of work on GOMAXPROCS goroutines.
//
// Work is split into blocks of a fixed size chosen by the caller, never by
// the number of threads, so a computation whose blocks are independent
// (each with its own random stream, say) gives the same bits on any
// machine and at any GOMAXPROCS.
package par
