package idx

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/internal/mnist"
)

// raw builds an IDX file by hand: two zero bytes, type, number of
// dimensions, big-endian uint32 dimensions, data. It is independent of
// Write, so that tests of Write have something to compare with.
func raw(t Type, dims []uint32, data []byte) []byte {
	b := []byte{0, 0, byte(t), byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	return append(b, data...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// tinyPixels are four 2×3 images whose bytes are all distinct.
var tinyPixels = func() []byte {
	p := make([]byte, 4*2*3)
	for i := range p {
		p[i] = byte(7*i + 3)
	}
	return p
}()

var (
	tinyImages = raw(Uint8, []uint32{4, 2, 3}, tinyPixels)
	tinyLabels = raw(Uint8, []uint32{4}, []byte{3, 1, 4, 1})
)

func TestWriteMatchesLayout(t *testing.T) {
	var b bytes.Buffer
	if err := WriteImages(&b, 2, 3, tinyPixels); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), tinyImages) {
		t.Errorf("WriteImages wrote % x\nwant % x", b.Bytes(), tinyImages)
	}
	b.Reset()
	if err := WriteLabels(&b, []byte{3, 1, 4, 1}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), tinyLabels) {
		t.Errorf("WriteLabels wrote % x\nwant % x", b.Bytes(), tinyLabels)
	}
	for _, c := range []struct {
		dims []int
		data []byte
	}{
		{nil, nil},
		{[]int{2, 2}, []byte{1, 2, 3}},
		{[]int{-1}, nil},
	} {
		if err := Write(io.Discard, c.dims, c.data); err == nil {
			t.Errorf("Write(%v, %d bytes) succeeded", c.dims, len(c.data))
		}
	}
	if err := WriteImages(io.Discard, 2, 3, tinyPixels[:5]); err == nil {
		t.Error("WriteImages of 5 pixels as 2×3 images succeeded")
	}
}

func TestRoundTrip(t *testing.T) {
	for _, compress := range []bool{false, true} {
		var ib, lb bytes.Buffer
		if err := WriteImages(&ib, 2, 3, tinyPixels); err != nil {
			t.Fatal(err)
		}
		if err := WriteLabels(&lb, []byte{3, 1, 4, 1}); err != nil {
			t.Fatal(err)
		}
		imgs, labs := ib.Bytes(), lb.Bytes()
		if compress {
			imgs, labs = gz(imgs), gz(labs)
		}
		im, err := ReadImages(bytes.NewReader(imgs), "img")
		if err != nil {
			t.Fatalf("gzip=%v: %v", compress, err)
		}
		if im.Count != 4 || im.Rows != 2 || im.Cols != 3 || !bytes.Equal(im.Pixels, tinyPixels) {
			t.Errorf("gzip=%v: read %d×%d×%d images %v", compress, im.Count, im.Rows, im.Cols, im.Pixels)
		}
		if got := im.Image(2); !bytes.Equal(got, tinyPixels[12:18]) {
			t.Errorf("Image(2) = %v, want %v", got, tinyPixels[12:18])
		}
		labels, err := ReadLabels(bytes.NewReader(labs), "lab")
		if err != nil || !bytes.Equal(labels, []byte{3, 1, 4, 1}) {
			t.Errorf("gzip=%v: labels %v, %v", compress, labels, err)
		}

		// The same through the streaming reader, with a generous buffer.
		rd, err := Open(bytes.NewReader(imgs), "img")
		if err != nil {
			t.Fatal(err)
		}
		if rd.Count != 4 || rd.Rows != 2 || rd.Cols != 3 || rd.ItemSize != 6 || rd.Type != Uint8 ||
			rd.Magic() != MagicImages || len(rd.Dims) != 3 {
			t.Fatalf("header %+v", rd)
		}
		buf := make([]byte, 10)
		for n := range 4 {
			if err := rd.Next(buf); err != nil {
				t.Fatalf("Next %d: %v", n, err)
			}
			if !bytes.Equal(buf[:6], tinyPixels[6*n:6*n+6]) {
				t.Fatalf("image %d = %v", n, buf[:6])
			}
		}
		for range 2 { // io.EOF, and it sticks
			if err := rd.Next(buf); err != io.EOF {
				t.Fatalf("Next after the last image: %v, want io.EOF", err)
			}
		}
		if rd.ItemsRead() != 4 {
			t.Errorf("ItemsRead() = %d", rd.ItemsRead())
		}
	}
}

func TestOtherElementTypes(t *testing.T) {
	// 2×3 int16 values: items of 3 elements, 6 bytes each, kept big-endian.
	data := []byte{0, 1, 0, 2, 0, 3, 1, 0, 2, 0, 3, 0}
	rd, err := Open(bytes.NewReader(raw(Int16, []uint32{2, 3}, data)), "x")
	if err != nil {
		t.Fatal(err)
	}
	if rd.Count != 2 || rd.ItemSize != 6 || rd.Rows != 0 || rd.Magic() != 0x0b02 {
		t.Fatalf("header %+v", rd)
	}
	buf := make([]byte, 6)
	for n := range 2 {
		if err := rd.Next(buf); err != nil || !bytes.Equal(buf, data[6*n:6*n+6]) {
			t.Fatalf("item %d: %v %v", n, buf, err)
		}
	}
	for _, ty := range []Type{Uint8, Int8, Int16, Int32, Float32, Float64} {
		if ty.Size() == 0 || strings.HasPrefix(ty.String(), "type") {
			t.Errorf("type 0x%02x: size %d, name %q", byte(ty), ty.Size(), ty)
		}
	}
}

func TestMalformed(t *testing.T) {
	readImages := func(b []byte) error { _, err := ReadImages(bytes.NewReader(b), "t.idx"); return err }
	readLabels := func(b []byte) error { _, err := ReadLabels(bytes.NewReader(b), "t.idx"); return err }
	drain := func(b []byte) error {
		rd, err := Open(bytes.NewReader(b), "t.idx")
		if err != nil {
			return err
		}
		buf := make([]byte, rd.ItemSize)
		for {
			if err := rd.Next(buf); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
		}
	}
	good := gz(tinyImages)
	corrupt := append([]byte(nil), good...)
	corrupt[len(corrupt)/2] ^= 0xff // inside the deflate data
	badCRC := append([]byte(nil), good...)
	badCRC[len(badCRC)-6] ^= 0xff // the trailer's CRC-32
	cases := []struct {
		name  string
		input []byte
		read  func([]byte) error
		want  error  // nil: any error will do
		msg   string // a substring of the message
	}{
		{"empty", nil, drain, ErrEmpty, "idx: t.idx: empty file"},
		{"bad magic", append([]byte{1}, tinyImages[1:]...), drain, ErrBadMagic, "not an IDX file"},
		{"text file", []byte("hello, world\n"), drain, ErrBadMagic, "0x68656c6c"},
		{"unknown type", raw(0x0a, []uint32{1}, []byte{0}), drain, ErrUnsupportedType, "0x0a"},
		{"no dimensions", raw(Uint8, nil, nil), drain, ErrShape, "no dimensions"},
		{"labels as images", tinyLabels, readImages, ErrShape, "want images (magic 2051"},
		{"images as labels", tinyImages, readLabels, ErrShape, "got magic 2051"},
		{"int32 images", raw(Int32, []uint32{1, 1, 1}, make([]byte, 4)), readImages, ErrShape, "int32"},
		{"two-dimensional images", raw(Uint8, []uint32{2, 3}, make([]byte, 6)), readImages, ErrShape, "2 dimension"},
		{"too large", raw(Uint8, []uint32{1 << 31, 1 << 31, 1 << 31}, nil), drain, ErrShape, "exceed"},
		{"too large item", raw(Uint8, []uint32{0, 1 << 31, 1 << 31}, nil), drain, ErrShape, "exceed"},
		{"truncated magic", tinyImages[:3], drain, ErrTruncated, "header: 3 of its 4 bytes"},
		{"truncated dims", tinyImages[:9], drain, ErrTruncated, "header: 9 of its 16 bytes"},
		{"truncated body", tinyImages[:26], drain, ErrTruncated,
			"idx: t.idx: truncated: header says 4×2×3 images, file holds 10 bytes of data"},
		{"truncated body, whole file", tinyImages[:26], readImages, ErrTruncated, "file holds 10 bytes of data"},
		{"truncated body, gzip", gz(tinyImages[:26]), readImages, ErrTruncated, "file holds 10 bytes of data"},
		{"truncated labels", tinyLabels[:10], readLabels, ErrTruncated, "header says 4 labels, file holds 2 bytes"},
		{"trailing data", append(append([]byte(nil), tinyImages...), 9, 9), readImages, ErrTrailingData, "2 bytes after the 4×2×3 images"},
		{"gzip header cut", good[:5], drain, ErrTruncated, "gzip header"},
		{"gzip cut in data", good[:len(good)-20], drain, ErrTruncated, "t.idx"},
		{"gzip cut in trailer", good[:len(good)-4], readImages, ErrTruncated, "compressed stream ends"},
		{"gzip corrupt data", corrupt, readImages, nil, "idx: t.idx: "},
		{"gzip bad checksum", badCRC, readImages, gzip.ErrChecksum, "idx: t.idx: "},
		{"gzip bad header", []byte{0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 0}, drain, nil, "idx: t.idx: gzip"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.read(c.input)
			if err == nil {
				t.Fatal("no error")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %q does not wrap %q", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not contain %q", err, c.msg)
			}
		})
	}
}

func TestNextErrors(t *testing.T) {
	rd, err := Open(bytes.NewReader(tinyImages), "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := rd.Next(make([]byte, 5)); err == nil || !strings.Contains(err.Error(), "buffer of 6 bytes") {
		t.Errorf("Next with a short buffer: %v", err)
	}
	// A failure sticks.
	rd, _ = Open(bytes.NewReader(tinyImages[:26]), "t")
	buf := make([]byte, 6)
	var errs []error
	for range 3 {
		errs = append(errs, rd.Next(buf))
	}
	if errs[0] != nil || !errors.Is(errs[1], ErrTruncated) || errs[2] != errs[1] {
		t.Errorf("Next on a file cut in its second image: %v", errs)
	}
}

func TestCountMismatch(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	images := write("img.gz", gz(tinyImages))
	labels := write("lab", tinyLabels)
	labels3 := write("lab3", raw(Uint8, []uint32{3}, []byte{1, 2, 3}))

	im, labs, err := ReadFiles(images, labels)
	if err != nil || im.Count != 4 || !bytes.Equal(labs, []byte{3, 1, 4, 1}) {
		t.Fatalf("ReadFiles of a matching pair: %v", err)
	}
	_, _, err = ReadFiles(images, labels3)
	if !errors.Is(err, ErrCountMismatch) || !strings.Contains(err.Error(), "img.gz holds 4 images but") ||
		!strings.Contains(err.Error(), "lab3 holds 3 labels") {
		t.Errorf("ReadFiles with 4 images and 3 labels: %v", err)
	}
	if _, _, err := ReadFiles(labels, images); !errors.Is(err, ErrShape) {
		t.Errorf("ReadFiles with the files swapped: %v", err)
	}
	if _, _, err := ReadFiles(filepath.Join(dir, "missing"), labels); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFiles of a missing file: %v", err)
	}
	ri, _ := Open(bytes.NewReader(tinyImages), "a")
	rl, _ := Open(bytes.NewReader(tinyLabels), "b")
	if err := CheckPair(ri, rl); err != nil {
		t.Errorf("CheckPair of 4 images and 4 labels: %v", err)
	}
}

func TestMNIST(t *testing.T) {
	dir := mnist.Dir(t)
	for _, set := range []struct {
		prefix      string
		minPerClass int // minimum count of each digit
	}{
		{"train10k", 800}, // about 1000 per class by construction
		{"t10k", 800},     // the test set: 892 (digit 5) to 1135 (digit 1)
	} {
		t.Run(set.prefix, func(t *testing.T) {
			imagesPath := filepath.Join(dir, set.prefix+"-images-idx3-ubyte.gz")
			im, labels, err := ReadFiles(imagesPath, filepath.Join(dir, set.prefix+"-labels-idx1-ubyte.gz"))
			if err != nil {
				t.Fatal(err)
			}
			if im.Count != 10000 || im.Rows != 28 || im.Cols != 28 || len(im.Pixels) != 10000*784 || len(labels) != 10000 {
				t.Fatalf("%d×%d×%d images (%d bytes), %d labels", im.Count, im.Rows, im.Cols, len(im.Pixels), len(labels))
			}
			var perClass [10]int
			for n, l := range labels {
				if l > 9 {
					t.Fatalf("label %d of image %d", l, n)
				}
				perClass[l]++
			}
			for d, c := range perClass {
				if c < set.minPerClass || c > 1200 {
					t.Errorf("%d images of digit %d, want about 1000", c, d)
				}
			}
			// Digits are dark strokes on a blank border: every image has
			// ink, and the corner pixel is blank in almost all.
			inkless, cornerInk := 0, 0
			for n := range im.Count {
				img := im.Image(n)
				if bytes.Count(img, []byte{0}) == len(img) {
					inkless++
				}
				if img[0] != 0 {
					cornerInk++
				}
			}
			if inkless > 0 || cornerInk > 10 {
				t.Errorf("%d blank images, %d with ink in the corner", inkless, cornerInk)
			}

			// Streaming gives the same bytes.
			f, err := os.Open(imagesPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, err := Open(f, imagesPath)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, rd.ItemSize)
			for n := 0; ; n++ {
				err := rd.Next(buf)
				if err == io.EOF {
					if n != 10000 {
						t.Fatalf("io.EOF after %d images", n)
					}
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf, im.Image(n)) {
					t.Fatalf("streamed image %d differs", n)
				}
			}
		})
	}
}

func FuzzOpen(f *testing.F) {
	f.Add(tinyImages)
	f.Add(gz(tinyImages))
	f.Add(tinyLabels)
	f.Add(gz(tinyLabels))
	f.Add(raw(Int16, []uint32{2, 3}, make([]byte, 12)))
	f.Add(raw(Float64, []uint32{1, 1, 1, 1}, make([]byte, 8)))
	f.Add(tinyImages[:26])
	f.Add(tinyImages[:9])
	f.Add(gz(tinyImages)[:30])
	f.Add(raw(Uint8, []uint32{1 << 31, 1 << 31, 1 << 31}, nil))
	f.Add(raw(Uint8, []uint32{0, 5}, nil))
	f.Add(append(append([]byte(nil), tinyLabels...), 1))
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := Open(bytes.NewReader(data), "fuzz")
		if err == nil {
			if rd.Count != rd.Dims[0] || rd.ItemSize < 0 || rd.ItemSize > maxBytes ||
				(rd.Count > 0 && rd.ItemSize > maxBytes/rd.Count) {
				t.Fatalf("inconsistent header %+v", rd)
			}
			if rd.ItemSize <= 1<<16 {
				buf := make([]byte, rd.ItemSize)
				for range 1 << 12 {
					if rd.Next(buf) != nil {
						break
					}
				}
			}
		}
		// A plain file that reads as images or labels is written back
		// byte for byte.
		for _, magic := range []uint32{MagicImages, MagicLabels} {
			var b bytes.Buffer
			var err error
			if magic == MagicImages {
				var im *Images
				if im, err = ReadImages(bytes.NewReader(data), "fuzz"); err == nil {
					err = Write(&b, []int{im.Count, im.Rows, im.Cols}, im.Pixels)
				}
			} else {
				var labels []byte
				if labels, err = ReadLabels(bytes.NewReader(data), "fuzz"); err == nil {
					err = WriteLabels(&b, labels)
				}
			}
			if err == nil && !(len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b) && !bytes.Equal(b.Bytes(), data) {
				t.Fatalf("magic %d: read and written back % x, input % x", magic, b.Bytes(), data)
			}
		}
	})
}
