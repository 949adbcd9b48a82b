package tool

// Hostile cases of bounds: inputs that describe more than memory holds
// (bombs, endless devices), flags whose sizes multiply past it, float flags
// that are not numbers, and -resume on a checkpoint that lies or on other
// data. Each must be refused up front, in one line naming the number and
// the limit, before any large allocation (docs/cli.md, "Limits").

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// npzBomb is an npz archive whose W.npy is a float32 array of the given
// shape, all zeros, deflated to about a thousandth of its size: a
// legitimate archive that describes more than the memory of the test's
// limit. Deflate blocks ending in a sync flush are byte-aligned and carry
// no history, so one compressed MiB of zeros is repeated.
func npzBomb(t *testing.T, rows, cols int) []byte {
	t.Helper()
	head := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	for (10+len(head)+1)%64 != 0 {
		head += " "
	}
	head += "\n"
	var npyHead bytes.Buffer
	npyHead.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&npyHead, binary.LittleEndian, uint16(len(head)))
	npyHead.WriteString(head)

	const block = 1 << 20
	size := int64(rows) * int64(cols) * 4
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(npyHead.Bytes())
	fw.Flush()
	zeros := make([]byte, block)
	var one bytes.Buffer
	zw, _ := flate.NewWriter(&one, flate.BestCompression)
	zw.Write(zeros)
	zw.Flush()
	crc := crc32.Update(0, crc32.IEEETable, npyHead.Bytes())
	for n := int64(0); n < size/block; n++ {
		comp.Write(one.Bytes())
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	fw.Reset(&comp) // a final empty block
	fw.Close()

	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for _, e := range []struct {
		name string
		raw  []byte
		crc  uint32
		size int64
	}{{"W.npy", comp.Bytes(), crc, int64(npyHead.Len()) + size/block*block}} {
		w, err := z.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.crc,
			CompressedSize64: uint64(len(e.raw)), UncompressedSize64: uint64(e.size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.raw)
	}
	for _, name := range []string{"a.npy", "b.npy"} {
		w, _ := z.Create(name)
		n := map[string]int{"a.npy": rows, "b.npy": cols}[name]
		h := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }", n)
		for (10+len(h)+1)%64 != 0 {
			h += " "
		}
		h += "\n"
		w.Write([]byte("\x93NUMPY\x01\x00"))
		binary.Write(w, binary.LittleEndian, uint16(len(h)))
		w.Write([]byte(h))
		w.Write(make([]byte, 4*n))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// zeroCheckpoint is a zstd checkpoint of rows snapshots of a visible×hidden
// model of zeros: a few hundred KB that decompress to rows × 4·N·M bytes.
func zeroCheckpoint(t *testing.T, visible, hidden, rows int) []byte {
	t.Helper()
	h := format.Header{Kind: format.KindCheckpoint, Visible: visible, Hidden: hidden, Units: "bernoulli"}
	var out bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&out, h, format.WithCompression(format.Zstd))
	if err != nil {
		t.Fatal(err)
	}
	s := format.Snapshot{W: make([]float32, visible*hidden), A: make([]float32, visible), B: make([]float32, hidden)}
	for i := 0; i < rows; i++ {
		s.Epoch, s.Step = int64(i), int64(i)
		if err := w.Write(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withTrain returns the checkpoint with its rbm.train settings changed.
func withTrain(t *testing.T, run []byte, edit map[string]any) []byte {
	t.Helper()
	rd, err := format.NewReader[format.Snapshot](bytes.NewReader(run), "run")
	if err != nil {
		t.Fatal(err)
	}
	h := rd.Header()
	js, _ := h.Get("train")
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range edit {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	h.Set("train", string(b))
	var out bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&out, h)
	if err != nil {
		t.Fatal(err)
	}
	for rd.Next() {
		w.Write(rd.Row())
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return out.Bytes()
}

func TestHostileLimits(t *testing.T) {
	fx := hostileFixtures(t)
	bin := hostileBin(t)
	// Other data of the same width: the first 30 of the 40 images.
	other, err := exec.Command(filepath.Join(bin, "rbm-data"), "-limit", "30", "-").Output()
	if err != nil || len(other) == 0 {
		cmd := exec.Command(filepath.Join(bin, "rbm-data"), "-limit", "30")
		cmd.Stdin = bytes.NewReader(fx.IDX)
		if other, err = cmd.Output(); err != nil {
			t.Fatal(err)
		}
	}
	data := map[string][]byte{"data": fx.Dataset}
	ck := map[string][]byte{"run": fx.Checkpoint}
	zeros := zeroCheckpoint(t, 16, 2500000, 3) // 160 MB a row, 3 rows; needs 1.6 GB by the estimate
	devZero := func(t *testing.T, dir string) {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero")); err != nil {
			t.Fatal(err)
		}
	}
	resume := func(flags ...string) []string {
		return append(append([]string{"-resume", "run"}, flags...), "-o", "out", "data")
	}
	const memory = "of memory, over the limit of"
	cases := []hostileCase{
		// Class 2: reading without a bound.
		{Name: "/dev/zero", Tool: "rbm-import", Args: []string{"-o", "out", "zero"}, Setup: devZero, Want: 1, Msg: "of input, which needs about"},
		{Name: "npz bomb", Tool: "rbm-import", Args: []string{"-o", "out", "bomb.npz"},
			Files: map[string][]byte{"bomb.npz": npzBomb(t, 16, 1221<<14)}, Want: 1, Msg: "array W of shape [16 20004864] needs about"},
		{Name: "zstd zeros", Tool: "rbm-freeenergy", Args: []string{"-o", "out", "-method", "mf", "z"}, Files: map[string][]byte{"z": zeros}, Want: 1, Msg: "a 16×2500000 checkpoint needs about"},
		{Name: "zstd zeros", Tool: "rbm-export", Args: []string{"-o", "out.npz", "z"}, Files: map[string][]byte{"z": zeros}, Want: 1, Msg: memory},
		{Name: "zstd zeros", Tool: "rbm-svd", Args: []string{"-o", "out", "z"}, Files: map[string][]byte{"z": zeros}, Want: 1, Msg: memory},
		{Name: "zstd zeros", Tool: "rbm-sample", Args: []string{"-o", "out", "-chains", "2", "z"}, Files: map[string][]byte{"z": zeros}, Want: 1, Msg: memory},

		// Class 3: sizes from flags.
		{Name: "hidden 1e8", Tool: "rbm-train", Args: []string{"-hidden", "100000000", "-batch", "10", "-o", "out", "data"}, Files: data, Want: 1, Msg: "-hidden 100000000 with 16 visible units needs about"},
		{Name: "hidden 3e7", Tool: "rbm-train", Args: []string{"-hidden", "30000000", "-batch", "10", "-o", "out", "data"}, Files: data, Want: 1, Msg: memory},
		{Name: "pt temps 1e9", Tool: "rbm-train", Args: []string{"-hidden", "3", "-method", "pt", "-batch", "10", "-temps", "1000000000", "-o", "out", "data"}, Files: data, Want: 1, Msg: "-temps 1000000000 needs about"},
		{Name: "log-snapshots 1e9", Tool: "rbm-train", Args: []string{"-hidden", "3", "-epochs", "1000000000", "-batch", "10", "-log-snapshots", "1000000000", "-o", "out", "data"}, Files: data, Want: 1, Msg: "a schedule of 1000000000 snapshots"},
		{Name: "chains 1e9", Tool: "rbm-sample", Args: []string{"-chains", "1000000000", "-o", "out", "run"}, Files: ck, Want: 1, Msg: "-chains 1000000000 on a 16×3 model needs about"},
		{Name: "pt temps 1e9", Tool: "rbm-sample", Args: []string{"-method", "pt", "-temps", "1000000000", "-o", "out", "run"}, Files: ck, Want: 1, Msg: memory},
		{Name: "ais temps 1e12", Tool: "rbm-freeenergy", Args: []string{"-method", "ais", "-temps", "1000000000000", "-o", "out", "run"}, Files: ck, Want: 1, Msg: "-temps 1000000000000"},
		{Name: "output of 1e12 samples", Tool: "rbm-sample", Args: []string{"-chains", "1000", "-sweeps", "1000000000", "-thin", "1", "-o", "out", "run"}, Files: ck, Want: 1, Msg: "more than the"},
		{Name: "output of 1e7 snapshots", Tool: "rbm-train", Args: []string{"-hidden", "500000", "-batch", "10", "-epochs", "10000000", "-log-snapshots", "10000000", "-o", "out", "data"}, Files: data, Want: 1, Msg: "writes about"},
		{Name: "slice-points 1e9", Tool: "rbm-freeenergy", Args: []string{"-method", "mf", "-slice-points", "1000000000", "-o", "out", "run"}, Files: ck, Want: 1, Msg: "-slice-points 1000000000 of 3 modes needs about"},
		{Name: "bins 1e9", Tool: "rbm-mp", Args: []string{"-bins", "1000000000", "-o", "out", "s"}, Files: map[string][]byte{"s": fx.Spectrum}, Want: 2, Msg: "at most 100000 each"},
		{Name: "points 1e7", Tool: "rbm-mp", Args: []string{"-points", "10000000", "-o", "out", "s"}, Files: map[string][]byte{"s": fx.Spectrum}, Want: 2, Msg: "at most 100000 each"},

		// Class 4: float flags.
		{Name: "init-std nan", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-init-std", "nan", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-init-std NaN: want a finite number"},
		{Name: "init-std inf", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-init-std", "inf", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-init-std +Inf: want a finite number"},
		{Name: "init-std 0", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-init-std", "0", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-init-std 0: want a value in (0,inf)"},
		{Name: "lr inf", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-lr", "inf", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-lr +Inf"},
		{Name: "momentum nan", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-momentum", "nan", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-momentum NaN"},
		{Name: "decay nan", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-decay", "nan", "-o", "out", "data"}, Files: data, Want: 2, Msg: "-decay NaN"},
		{Name: "weights break", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-lr", "3e38", "-momentum", "0.99", "-o", "out", "data"}, Files: data, Want: 1, Msg: "-o not written"},
		{Name: "allowance nan", Tool: "rbm-mp", Args: []string{"-allowance", "nan", "-o", "out", "s"}, Files: map[string][]byte{"s": fx.Spectrum}, Want: 2, Msg: "-allowance NaN"},
		{Name: "dt 1e-300", Tool: "rbm-sample", Args: []string{"-method", "diffusion", "-dt", "1e-300", "-o", "out", "run"}, Files: ck, Want: 2, Msg: "Euler–Maruyama steps per trajectory, more than 1e+09"},
		{Name: "damping nan", Tool: "rbm-freeenergy", Args: []string{"-damping", "nan", "-o", "out", "run"}, Files: ck, Want: 2, Msg: "-damping NaN"},

		// Class 5: -resume.
		{Name: "resume flag disagrees", Tool: "rbm-train", Args: resume("-lr", "0.1"), Files: map[string][]byte{"run": fx.Checkpoint, "data": fx.Dataset}, Want: 2, Msg: "-lr 0.1 disagrees with the run's 0.05"},
		{Name: "resume other data", Tool: "rbm-train", Args: resume(), Files: map[string][]byte{"run": fx.Checkpoint, "data": other}, Want: 1, Msg: "the data are not the run's"},
		{Name: "resume hidden 1e9", Tool: "rbm-train", Args: resume(), Files: map[string][]byte{"run": withTrain(t, fx.Checkpoint, map[string]any{"Hidden": 1e9}), "data": fx.Dataset}, Want: 1, Msg: "say 1000000000 hidden units, its header 3"},
		{Name: "resume spin under bernoulli", Tool: "rbm-train", Args: resume(), Files: map[string][]byte{"run": withTrain(t, fx.Checkpoint, map[string]any{"Units": 1}), "data": fx.Dataset}, Want: 1, Msg: "say spin units, its header bernoulli"},
		{Name: "resume unknown units", Tool: "rbm-train", Args: resume(), Files: map[string][]byte{"run": withTrain(t, fx.Checkpoint, map[string]any{"Units": 9}), "data": fx.Dataset}, Want: 1, Msg: "unknown unit code 9"},
		{Name: "resume pt temps 1e9", Tool: "rbm-train", Args: resume(), Files: map[string][]byte{"run": withTrain(t, fx.Checkpoint, map[string]any{"Method": "pt", "Ladder": 1e9, "BetaMin": 0.5}), "data": fx.Dataset}, Want: 1, Msg: memory},
	}
	runHostile(t, cases)
}
