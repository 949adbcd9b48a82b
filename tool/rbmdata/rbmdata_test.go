package rbmdata

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/idx"
	"github.com/rbmkit/rbmkit/internal/mnist"
)

// idxBytes builds a uint8 IDX file.
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	if err := idx.Write(&b, dims, data); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func write(t *testing.T, dir, name string, data []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func rbmdata(stdin []byte, args ...string) (int, []byte, string) {
	return cli.Call(Tool, stdin, "", args...)
}

func readDataset(t *testing.T, data []byte) (format.Header, []format.Example, bool) {
	t.Helper()
	r, err := format.NewReader[format.Example](bytes.NewReader(data), "out")
	if err != nil {
		t.Fatal(err)
	}
	var rows []format.Example
	for r.Next() {
		rows = append(rows, format.Example{V: append([]bool(nil), r.Row().V...), Label: r.Row().Label})
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Header(), rows, r.Has("label")
}

// Four 2×3 images with pixel values chosen around the threshold.
var tinyPixels = []byte{
	0, 127, 128, 255, 1, 200,
	255, 255, 255, 255, 255, 255,
	0, 0, 0, 0, 0, 0,
	128, 0, 128, 0, 128, 0,
}

func TestTinyIDX(t *testing.T) {
	dir := t.TempDir()
	images := write(t, dir, "img.gz", gz(idxBytes([]int{4, 2, 3}, tinyPixels)))
	labels := write(t, dir, "lab", idxBytes([]int{4}, []byte{3, 1, 4, 1}))
	code, out, stderr := rbmdata(nil, "-labels", labels, images)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	h, rows, labeled := readDataset(t, out)
	if h.Visible != 6 || len(h.ImageShape) != 2 || h.ImageShape[0] != 2 || h.ImageShape[1] != 3 || !labeled {
		t.Fatalf("header %+v, labeled %v", h, labeled)
	}
	if b, _ := h.Get("binarize"); b != "threshold:128" {
		t.Fatalf("binarize metadata %q", b)
	}
	for i, row := range rows {
		for j, v := range row.V {
			if want := tinyPixels[i*6+j] >= 128; v != want {
				t.Fatalf("image %d pixel %d = %v, want %v", i, j, v, want)
			}
		}
	}
	for i, want := range []int32{3, 1, 4, 1} {
		if rows[i].Label != want {
			t.Fatalf("label %d = %d, want %d", i, rows[i].Label, want)
		}
	}

	// Subsetting by class, offset and limit, on IDX and on the stream.
	for _, src := range [][]string{{"-labels", labels, images}, {"-"}} {
		args := append([]string{"-classes", "1,4", "-offset", "1", "-limit", "1"}, src...)
		code, sub, stderr := rbmdata(out, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		_, subRows, _ := readDataset(t, sub)
		if len(subRows) != 1 || subRows[0].Label != 4 {
			t.Fatalf("%v: rows %+v, want the one labeled 4", args, subRows)
		}
	}
}

func TestSampledBinarization(t *testing.T) {
	pixels := bytes.Repeat([]byte{51}, 2000*2*3) // p = 0.2
	images := idxBytes([]int{2000, 2, 3}, pixels)
	code, out, stderr := rbmdata(images, "-binarize", "sample", "-seed", "9")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, rows, labeled := readDataset(t, out)
	ones := 0
	for _, r := range rows {
		for _, v := range r.V {
			if v {
				ones++
			}
		}
	}
	n := float64(len(rows) * 6)
	if p := float64(ones) / n; p < 0.2-4*0.0052 || p > 0.2+4*0.0052 || labeled { // σ = √(.16/12000)
		t.Fatalf("sampled mean %.4f, want 0.2 ± 4σ; labeled %v", p, labeled)
	}
	_, again, _ := rbmdata(images, "-binarize", "sample", "-seed", "9")
	_, other, _ := rbmdata(images, "-binarize", "sample", "-seed", "10")
	if !bytes.Equal(out, again) || bytes.Equal(out, other) {
		t.Fatal("sampling is not reproducible from the seed, or ignores it")
	}
}

func TestMNIST(t *testing.T) {
	dir := mnist.Dir(t)
	images := filepath.Join(dir, "t10k-images-idx3-ubyte.gz")
	code, out, stderr := rbmdata(nil, "-labels", filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), images)
	if code != 0 {
		t.Fatalf("exit %d: %s (MNIST expected in %s; set RBMKIT_MNIST)", code, stderr, dir)
	}
	h, rows, _ := readDataset(t, out)
	counts := map[int32]int{}
	ones := 0
	for _, r := range rows {
		counts[r.Label]++
		for _, v := range r.V {
			if v {
				ones++
			}
		}
	}
	// The MNIST test set: 10,000 digits, 980 zeros … 1135 ones, ink on
	// about 13% of pixels at threshold 128.
	if h.Visible != 784 || len(rows) != 10000 || counts[0] != 980 || counts[1] != 1135 || len(counts) != 10 {
		t.Fatalf("visible %d, %d rows, class counts %v", h.Visible, len(rows), counts)
	}
	if p := float64(ones) / float64(len(rows)*784); p < 0.10 || p > 0.16 {
		t.Fatalf("fraction of ink %.3f, outside MNIST's 0.10–0.16", p)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := idxBytes([]int{4, 2, 3}, tinyPixels)
	labels3 := write(t, dir, "labels3", idxBytes([]int{3}, []byte{1, 2, 3}))
	labels4 := write(t, dir, "labels4", idxBytes([]int{4}, []byte{1, 2, 3, 1}))
	for _, c := range []struct {
		name  string
		input []byte
		args  []string
		code  int
		want  string
	}{
		{"bad magic", append([]byte{1, 2, 3, 4}, good[4:]...), nil, 1, "magic"},
		{"truncated body", good[:len(good)-5], nil, 1, "truncated"},
		{"truncated header", good[:6], nil, 1, "truncated"},
		{"truncated gzip", gz(good)[:30], nil, 1, "in.idx: truncated"},
		{"labels not images", idxBytes([]int{3}, []byte{1, 2, 3}), nil, 1, "not images"},
		{"label count mismatch", good, []string{"-labels", labels3}, 1, "holds 3 labels but"},
		{"classes without labels", good, []string{"-classes", "1"}, 2, "-classes needs -labels"},
		{"bad binarize", good, []string{"-binarize", "otsu"}, 2, "want threshold or sample"},
		{"empty", nil, nil, 1, "in.idx"},
		{"not bytes", idxBytes16(), nil, 1, "not images of bytes"},
		{"offset past the end", good, []string{"-offset", "4"}, 1, "no examples selected, with -offset 4: nothing to write"},
		{"classes that no image has", good, []string{"-labels", labels4, "-classes", "9,7"}, 1, "no examples selected, with -classes 7,9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := write(t, dir, "in.idx", c.input)
			target := filepath.Join(dir, "out.arrows")
			code, _, stderr := rbmdata(nil, append(c.args, "-o", target, in)...)
			if code != c.code || !strings.Contains(stderr, c.want) || !strings.HasPrefix(stderr, "rbm-data: ") {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, c.code, c.want)
			}
			if _, err := os.Stat(target); err == nil {
				t.Fatal("a failed run left its output file")
			}
			if entries, _ := filepath.Glob(filepath.Join(dir, ".out.arrows*")); len(entries) > 0 {
				t.Fatalf("temporary files left: %v", entries)
			}
		})
	}
}

// idxBytes16 is a 1×2×2 IDX file of int16 elements.
func idxBytes16() []byte {
	b := idxBytes([]int{1, 2, 4}, make([]byte, 8)) // 8 bytes: 4 int16 elements
	b[2], b[15] = 0x0B, 2                          // type int16; last dim 4 → 2
	return b
}

// TestName: -name is recorded as rbm.dataset, from IDX files and when
// subsetting a stream (which keeps the name it has without -name).
func TestName(t *testing.T) {
	dir := t.TempDir()
	images := write(t, dir, "img", idxBytes([]int{4, 2, 3}, tinyPixels))
	code, plain, stderr := rbmdata(nil, images)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if h, _, _ := readDataset(t, plain); h.Extra[format.KeyDataset] != "" {
		t.Fatalf("rbm.dataset %q without -name", h.Extra[format.KeyDataset])
	}
	code, named, stderr := rbmdata(nil, "-name", "Fashion-MNIST", images)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		in   []byte
		args []string
		want string
	}{
		{named, nil, "Fashion-MNIST"},
		{named, []string{"-limit", "2", "-"}, "Fashion-MNIST"},
		{plain, []string{"-name", "tiny", "-limit", "2", "-"}, "tiny"},
	} {
		stream := c.in
		if c.args != nil {
			if code, stream, stderr = rbmdata(c.in, c.args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
			}
		}
		if h, _, _ := readDataset(t, stream); h.Extra[format.KeyDataset] != c.want {
			t.Errorf("%v: rbm.dataset %q, want %q", c.args, h.Extra[format.KeyDataset], c.want)
		}
	}
}
