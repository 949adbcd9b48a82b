// Package idx reads and writes the IDX format, in which MNIST and
// Fashion-MNIST are distributed.
//
// # Format
//
// An IDX file is a header followed by the data, all big-endian:
//
//	byte 0, 1   zero
//	byte 2      element type: 0x08 uint8, 0x09 int8, 0x0B int16,
//	            0x0C int32, 0x0D float32, 0x0E float64
//	byte 3      number of dimensions d (at least 1)
//	4·d bytes   the dimensions, each a big-endian uint32; the first counts
//	            the items (images, labels)
//	the data    the product of the dimensions elements, each big-endian,
//	            in row-major order (the last index varies fastest)
//
// Read as a big-endian uint32, the first four bytes are the "magic number":
// 2051 (0x00000803) for MNIST images (uint8, count×rows×cols) and 2049
// (0x00000801) for labels (uint8, count). A file may be gzip-compressed, as
// the MNIST distribution files are; readers detect gzip by its magic bytes
// 0x1f 0x8b, not by the file name.
//
// # Reading
//
// Open parses any IDX header and returns a Reader that streams one item
// (one image, one label) per Next call, so large files need not be held in
// memory; stop early to read a prefix. ReadImages and ReadLabels read whole
// MNIST-style files, and ReadFiles reads an image file and its label file
// and checks that their counts agree (CheckPair does so for two Readers).
// Errors name the input and say what is wrong, e.g.
//
//	idx: train.gz: truncated: header says 10000×28×28 images, file holds 123 bytes of data
//
// and wrap one of the sentinel errors (ErrBadMagic, ErrTruncated, ...) for
// errors.Is. Write, WriteImages and WriteLabels produce uncompressed uint8
// IDX files (wrap the writer in a gzip.Writer for .gz).
package idx
