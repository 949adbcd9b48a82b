// Package ipcguard is package format's defence against corrupt Arrow IPC
// input: its readers neither crash nor allocate what the input only
// claims. Arrow's Go reader takes a message's lengths, offsets and
// uncompressed sizes on trust, so a few corrupt bytes made it index out of
// range or allocate gigabytes.
//
// MessageReader frames a stream message by message and checks each
// length a message claims (body, buffers, schema vectors, compressed
// buffers' uncompressed sizes) against the bytes actually there before
// Arrow allocates for it; it also tells a stream that ended with its
// end-of-stream marker from one cut short (Ended, Cut). CheckFile does
// the same for an Arrow IPC file (Feather v2) read whole. Allocator backs
// both with a bound on any single allocation, ValidateRecord checks that
// a decoded record batch's columns hold the values their lengths and
// offsets claim, and Recover turns a panic inside Arrow's decoding into
// an error.
//
// The stream format itself (kinds, columns, metadata) is package format's;
// this package knows only Arrow's IPC framing and flatbuffer metadata.
package ipcguard
