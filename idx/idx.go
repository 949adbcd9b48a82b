package idx

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Type is an IDX element type, the third byte of the magic number.
type Type byte

// The element types of the IDX format.
const (
	Uint8   Type = 0x08
	Int8    Type = 0x09
	Int16   Type = 0x0B
	Int32   Type = 0x0C
	Float32 Type = 0x0D
	Float64 Type = 0x0E
)

// Size is the number of bytes of one element, 0 for an unknown type.
func (t Type) Size() int {
	switch t {
	case Uint8, Int8:
		return 1
	case Int16:
		return 2
	case Int32, Float32:
		return 4
	case Float64:
		return 8
	}
	return 0
}

func (t Type) String() string {
	switch t {
	case Uint8:
		return "uint8"
	case Int8:
		return "int8"
	case Int16:
		return "int16"
	case Int32:
		return "int32"
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	}
	return fmt.Sprintf("type 0x%02x", byte(t))
}

// The magic numbers of MNIST's image and label files.
const (
	MagicImages = 0x00000803 // 2051: uint8, 3 dimensions
	MagicLabels = 0x00000801 // 2049: uint8, 1 dimension
)

// Sentinel errors, wrapped by the errors this package returns.
var (
	ErrEmpty           = errors.New("empty file")
	ErrBadMagic        = errors.New("bad magic number")
	ErrUnsupportedType = errors.New("unsupported element type")
	ErrShape           = errors.New("wrong dimensions")
	ErrTruncated       = errors.New("truncated")
	ErrTrailingData    = errors.New("trailing data")
	ErrCountMismatch   = errors.New("count mismatch")
)

// maxBytes bounds the data size a header may announce (1 TiB), so that a
// corrupt header cannot overflow the size arithmetic.
const maxBytes = 1 << 40

// Reader streams the items of an IDX file. Its fields describe the header.
type Reader struct {
	Name string // the input's name, used in errors
	Type Type
	Dims []int // all dimensions; Dims[0] is the number of items
	// Count is Dims[0]; Rows and Cols are Dims[1] and Dims[2] for
	// three-dimensional data (images) and 0 otherwise.
	Count, Rows, Cols int
	// ItemSize is the number of bytes of one item: the product of Dims[1:]
	// times the element size (1 for a label, Rows·Cols for an image).
	ItemSize int

	r    io.Reader
	read int   // items read so far
	err  error // sticky: io.EOF at the end, or the first failure
}

// Open reads the header of an IDX file, plain or gzip-compressed, and
// returns a Reader positioned at the first item. name is used in errors.
// The Reader does not close r.
func Open(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var src io.Reader = br
	head, err := br.Peek(2)
	switch {
	case len(head) == 0 && err == io.EOF:
		return nil, fmt.Errorf("idx: %s: %w", name, ErrEmpty)
	case len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, fmt.Errorf("idx: %s: %w gzip header", name, ErrTruncated)
			}
			return nil, fmt.Errorf("idx: %s: %w", name, err)
		}
		src = zr
	}

	var magic [4]byte
	if n, err := io.ReadFull(src, magic[:]); err != nil {
		return nil, headerError(name, err, n, 4)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("idx: %s: %w 0x%08x: not an IDX file (its first two bytes must be zero)",
			name, ErrBadMagic, binary.BigEndian.Uint32(magic[:]))
	}
	t := Type(magic[2])
	if t.Size() == 0 {
		return nil, fmt.Errorf("idx: %s: %w 0x%02x (magic 0x%08x)", name, ErrUnsupportedType,
			magic[2], binary.BigEndian.Uint32(magic[:]))
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, fmt.Errorf("idx: %s: %w: header has no dimensions", name, ErrShape)
	}
	raw := make([]byte, 4*nd)
	if n, err := io.ReadFull(src, raw); err != nil {
		return nil, headerError(name, err, 4+n, 4+4*nd)
	}
	rd := &Reader{Name: name, Type: t, Dims: make([]int, nd), r: src}
	for k := range rd.Dims {
		rd.Dims[k] = int(binary.BigEndian.Uint32(raw[4*k:]))
	}
	rd.Count = rd.Dims[0]
	rd.ItemSize = product(t.Size(), rd.Dims[1:])
	if rd.ItemSize > maxBytes || product(rd.ItemSize, rd.Dims[:1]) > maxBytes {
		return nil, fmt.Errorf("idx: %s: %w: %s %s elements exceed %d bytes",
			name, ErrShape, shape(rd.Dims), t, maxBytes)
	}
	if nd == 3 {
		rd.Rows, rd.Cols = rd.Dims[1], rd.Dims[2]
	}
	return rd, nil
}

// product returns size·Π dims, or maxBytes+1 if that exceeds maxBytes.
func product(size int, dims []int) int {
	for _, d := range dims {
		if d == 0 {
			return 0
		}
	}
	for _, d := range dims {
		if size > maxBytes/d {
			return maxBytes + 1
		}
		size *= d
	}
	return size
}

func headerError(name string, err error, got, want int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("idx: %s: %w header: %d of its %d bytes", name, ErrTruncated, got, want)
	}
	return fmt.Errorf("idx: %s: reading header: %w", name, err)
}

// Magic returns the header's magic number, e.g. MagicImages.
func (r *Reader) Magic() uint32 {
	return uint32(r.Type)<<8 | uint32(len(r.Dims))
}

// ItemsRead returns the number of items read so far.
func (r *Reader) ItemsRead() int { return r.read }

// Next reads the next item into buf[:ItemSize], raw: elements wider than a
// byte stay big-endian. After the last item it returns io.EOF, having
// checked that nothing follows the data (and, for gzip, the checksum);
// data beyond the announced items is an ErrTrailingData error. Errors are
// sticky.
func (r *Reader) Next(buf []byte) error {
	if r.err != nil {
		return r.err
	}
	if len(buf) < r.ItemSize {
		return fmt.Errorf("idx: %s: Next needs a buffer of %d bytes, got %d", r.Name, r.ItemSize, len(buf))
	}
	if r.read == r.Count {
		r.err = r.checkEnd()
		return r.err
	}
	n, err := io.ReadFull(r.r, buf[:r.ItemSize])
	if err != nil {
		r.err = r.dataError(err, n)
		return r.err
	}
	r.read++
	return nil
}

// checkEnd returns io.EOF if the input ends where the header says.
func (r *Reader) checkEnd() error {
	var one [1]byte
	n, err := io.ReadFull(r.r, one[:])
	switch {
	case n > 0:
		extra, _ := io.Copy(io.Discard, r.r)
		return fmt.Errorf("idx: %s: %w: %d bytes after the %s the header announces",
			r.Name, ErrTrailingData, 1+extra, r.describe())
	case err == io.EOF:
		return io.EOF
	case err == io.ErrUnexpectedEOF: // a gzip stream without its trailer
		return fmt.Errorf("idx: %s: %w: the compressed stream ends after the data, before its end marks",
			r.Name, ErrTruncated)
	}
	return fmt.Errorf("idx: %s: after the data: %w", r.Name, err)
}

func (r *Reader) dataError(err error, n int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("idx: %s: %w: header says %s, file holds %d bytes of data",
			r.Name, ErrTruncated, r.describe(), r.read*r.ItemSize+n)
	}
	return fmt.Errorf("idx: %s: item %d: %w", r.Name, r.read, err)
}

// describe names the announced data: "10000×28×28 images".
func (r *Reader) describe() string {
	switch {
	case r.Type == Uint8 && len(r.Dims) == 3:
		return shape(r.Dims) + " images"
	case r.Type == Uint8 && len(r.Dims) == 1:
		return shape(r.Dims) + " labels"
	}
	return shape(r.Dims) + " " + r.Type.String() + " values"
}

func shape(dims []int) string {
	s := make([]string, len(dims))
	for k, d := range dims {
		s[k] = strconv.Itoa(d)
	}
	return strings.Join(s, "×")
}

// expect checks the header against MNIST's image or label layout.
func (r *Reader) expect(magic uint32, what string) error {
	if r.Magic() == magic {
		return nil
	}
	return fmt.Errorf("idx: %s: %w: want %s (magic %d: uint8, %d dimension(s)), got magic %d (%s, %d dimension(s))",
		r.Name, ErrShape, what, magic, magic&0xff, r.Magic(), r.Type, len(r.Dims))
}

// Images holds a whole image file.
type Images struct {
	Count, Rows, Cols int
	// Pixels holds the images one after another, each row-major:
	// pixel (y, x) of image n is Pixels[n*Rows*Cols + y*Cols + x].
	Pixels []byte
}

// Image returns image n (a sub-slice of Pixels).
func (im *Images) Image(n int) []byte {
	size := im.Rows * im.Cols
	return im.Pixels[n*size : (n+1)*size : (n+1)*size]
}

// ReadImages reads a whole MNIST-style image file (magic 2051), plain or
// gzip-compressed.
func ReadImages(r io.Reader, name string) (*Images, error) {
	rd, err := Open(r, name)
	if err != nil {
		return nil, err
	}
	if err := rd.expect(MagicImages, "images"); err != nil {
		return nil, err
	}
	pixels, err := rd.readAll()
	if err != nil {
		return nil, err
	}
	return &Images{Count: rd.Count, Rows: rd.Rows, Cols: rd.Cols, Pixels: pixels}, nil
}

// ReadLabels reads a whole MNIST-style label file (magic 2049), plain or
// gzip-compressed, and returns one byte per label.
func ReadLabels(r io.Reader, name string) ([]byte, error) {
	rd, err := Open(r, name)
	if err != nil {
		return nil, err
	}
	if err := rd.expect(MagicLabels, "labels"); err != nil {
		return nil, err
	}
	return rd.readAll()
}

// readAll reads every remaining item and checks the end. The buffer grows
// as data arrives rather than trusting the header's size up front.
func (r *Reader) readAll() ([]byte, error) {
	want := (r.Count - r.read) * r.ItemSize
	data := make([]byte, 0, min(want, 1<<20))
	for len(data) < want {
		if len(data) == cap(data) { // double: at most one extra copy in all
			grown := make([]byte, len(data), min(want, 2*cap(data)))
			copy(grown, data)
			data = grown
		}
		end := min(cap(data), want)
		n, err := io.ReadFull(r.r, data[len(data):end])
		data = data[:len(data)+n]
		if err != nil {
			// want > 0, so ItemSize > 0 here.
			r.read += len(data) / r.ItemSize
			r.err = r.dataError(err, len(data)%r.ItemSize)
			return nil, r.err
		}
	}
	r.read = r.Count
	if r.err = r.checkEnd(); r.err != io.EOF {
		return nil, r.err
	}
	return data, nil
}

// CheckPair reports an ErrCountMismatch error unless the two files hold
// the same number of items, as an image file and its label file must.
func CheckPair(images, labels *Reader) error {
	if images.Count != labels.Count {
		return fmt.Errorf("idx: %w: %s holds %d images but %s holds %d labels",
			ErrCountMismatch, images.Name, images.Count, labels.Name, labels.Count)
	}
	return nil
}

// ReadFiles reads an image file and its label file (each plain or gzip)
// and checks that they hold the same number of items.
func ReadFiles(imagesPath, labelsPath string) (*Images, []byte, error) {
	fi, err := os.Open(imagesPath)
	if err != nil {
		return nil, nil, fmt.Errorf("idx: %w", err)
	}
	defer fi.Close()
	fl, err := os.Open(labelsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("idx: %w", err)
	}
	defer fl.Close()
	ri, err := Open(fi, imagesPath)
	if err != nil {
		return nil, nil, err
	}
	rl, err := Open(fl, labelsPath)
	if err != nil {
		return nil, nil, err
	}
	if err := ri.expect(MagicImages, "images"); err != nil {
		return nil, nil, err
	}
	if err := rl.expect(MagicLabels, "labels"); err != nil {
		return nil, nil, err
	}
	if err := CheckPair(ri, rl); err != nil {
		return nil, nil, err
	}
	pixels, err := ri.readAll()
	if err != nil {
		return nil, nil, err
	}
	labels, err := rl.readAll()
	if err != nil {
		return nil, nil, err
	}
	return &Images{Count: ri.Count, Rows: ri.Rows, Cols: ri.Cols, Pixels: pixels}, labels, nil
}

// Write writes an uncompressed uint8 IDX file with the given dimensions;
// len(data) must be their product.
func Write(w io.Writer, dims []int, data []byte) error {
	if len(dims) == 0 || len(dims) > 255 {
		return fmt.Errorf("idx: write: %d dimensions (want 1 to 255)", len(dims))
	}
	head := []byte{0, 0, byte(Uint8), byte(len(dims))}
	size := 1
	for _, d := range dims {
		if d < 0 || uint64(d) > 1<<32-1 {
			return fmt.Errorf("idx: write: dimension %d out of range", d)
		}
		size *= d
		head = binary.BigEndian.AppendUint32(head, uint32(d))
	}
	if size != len(data) {
		return fmt.Errorf("idx: write: dimensions %s need %d bytes, got %d", shape(dims), size, len(data))
	}
	if _, err := w.Write(head); err != nil {
		return fmt.Errorf("idx: write: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("idx: write: %w", err)
	}
	return nil
}

// WriteImages writes count = len(pixels)/(rows·cols) images (magic 2051).
func WriteImages(w io.Writer, rows, cols int, pixels []byte) error {
	if rows <= 0 || cols <= 0 || len(pixels)%(rows*cols) != 0 {
		return fmt.Errorf("idx: write: %d pixels are not whole %d×%d images", len(pixels), rows, cols)
	}
	return Write(w, []int{len(pixels) / (rows * cols), rows, cols}, pixels)
}

// WriteLabels writes one byte per label (magic 2049).
func WriteLabels(w io.Writer, labels []byte) error {
	return Write(w, []int{len(labels)}, labels)
}
