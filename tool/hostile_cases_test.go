package tool

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rbmkit/rbmkit/format"
)

// The hostile cases of signals (class 1), input ends (6) and output paths
// (7) of issue 31; each says what it shows.

// fifo makes named pipes in the case's directory: opening one blocks until
// a writer comes, which never does.
func fifo(names ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		for _, n := range names {
			if err := syscall.Mkfifo(filepath.Join(dir, n), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func mkdir(names ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		for _, n := range names {
			if err := os.Mkdir(filepath.Join(dir, n), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// withoutEnd is a stream cut just before its end-of-stream marker (8
// bytes): complete rows, then silence on an open pipe.
func withoutEnd(stream []byte) []byte { return stream[:len(stream)-8] }

func cat(streams ...[]byte) []byte { return bytes.Join(streams, nil) }

// headerOnly is a checkpoint stream with the header of stream and no
// snapshot: what a writer stopped before its first snapshot leaves.
func headerOnly(t *testing.T, stream []byte) []byte {
	t.Helper()
	rd, err := format.NewReader[format.Snapshot](bytes.NewReader(stream), "fixture")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&buf, rd.Header())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHostileSignals: SIGTERM while a tool waits for input, or in the
// middle of its work, ends it non-zero with no output file (rbm-train:
// with its final snapshot kept).
func TestHostileSignals(t *testing.T) {
	fx := hostileFixtures(t)
	const when = 300 * time.Millisecond
	var cases []hostileCase
	for _, c := range []struct {
		tool string
		args []string
	}{
		{"rbm-data", nil}, {"rbm-train", []string{"-hidden", "3"}}, {"rbm-svd", nil}, {"rbm-mp", nil},
		{"rbm-freeenergy", nil}, {"rbm-sample", nil}, {"rbm-plot", []string{"-format", "png"}}, {"rbm-cat", nil}, {"rbm-export", nil},
		{"rbm-import", nil}, {"rbm-stack", []string{"-"}},
	} {
		cases = append(cases, hostileCase{Name: "stdin silent", Tool: c.tool, Args: append([]string{"-o", "out"}, c.args...),
			StdinOpen: true, Signal: true, SignalAfter: when, Want: 1, Msg: "interrupted"})
	}
	for _, c := range []struct {
		tool string
		in   []byte
	}{
		{"rbm-svd", fx.Checkpoint}, {"rbm-mp", fx.Spectrum}, {"rbm-cat", fx.Spectrum}, {"rbm-plot", fx.MPFit},
		{"rbm-freeenergy", fx.Checkpoint}, {"rbm-export", fx.Checkpoint}, {"rbm-stack", fx.MPFit},
	} {
		args := []string{"-o", "out"}
		switch c.tool {
		case "rbm-stack":
			args = append(args, "-")
		case "rbm-plot":
			args = []string{"-o", "out.png"}
		}
		cases = append(cases, hostileCase{Name: "stream then silence", Tool: c.tool, Args: args,
			Stdin: withoutEnd(c.in), StdinOpen: true, Signal: true, SignalAfter: when, Want: 1, Msg: "interrupted"})
	}
	for _, tl := range []string{"rbm-stack", "rbm-plot", "rbm-import", "rbm-export", "rbm-cat"} {
		out := "out"
		if tl == "rbm-plot" {
			out = "out.png"
		}
		cases = append(cases, hostileCase{Name: "file never opens (FIFO)", Tool: tl, Args: []string{"-o", out, "pipe"},
			Setup: fifo("pipe"), Signal: true, SignalAfter: when, Want: 1, Msg: "interrupted"})
	}
	cases = append(cases,
		hostileCase{Name: "report of a study whose stream never opens", Tool: "rbm-report", Args: []string{"-o", "out", "study"},
			Setup: func(t *testing.T, dir string) {
				mkdir("study", "study/agg")(t, dir)
				var names []string
				for _, n := range []string{"monitors", "spectrum", "mpfit", "fe", "logz", "samples", "diffusion"} {
					names = append(names, "study/agg/"+n+".arrows")
				}
				fifo(names...)(t, dir)
			}, Signal: true, SignalAfter: when, Want: 1, Msg: "interrupted"},
		hostileCase{Name: "sampling", Tool: "rbm-sample", Args: []string{"-chains", "50", "-sweeps", "100000000", "-o", "out", "run"},
			Files: map[string][]byte{"run": fx.Checkpoint}, Signal: true, SignalAfter: when, Want: 1},
		hostileCase{Name: "AIS", Tool: "rbm-freeenergy", Args: []string{"-method", "ais", "-chains", "50", "-temps", "100000000", "-o", "out", "run"},
			Files: map[string][]byte{"run": fx.Checkpoint}, Signal: true, SignalAfter: when, Want: 1},
		hostileCase{Name: "training keeps its final snapshot", Tool: "rbm-train",
			Args:  []string{"-hidden", "3", "-batch", "10", "-epochs", "100000000", "-o", "out", "data"},
			Files: map[string][]byte{"data": fx.Dataset}, Signal: true, SignalWhen: "epoch 1/", Want: 1,
			Msg: "interrupted: wrote a final snapshot", MayLeave: []string{"out"},
			Check: func(t *testing.T, dir string) {
				data, err := os.ReadFile(filepath.Join(dir, "out"))
				if err != nil {
					t.Fatal(err)
				}
				rd, err := format.NewReader[format.Snapshot](bytes.NewReader(data), "out")
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for rd.Next() {
					n++
				}
				if rd.Err() != nil || n < 2 {
					t.Errorf("the kept stream: %d snapshots, %v", n, rd.Err())
				}
			}},
	)
	runHostile(t, cases)
}

// TestHostileEnds: damaged or surplus input is refused, not read in part.
func TestHostileEnds(t *testing.T) {
	fx := hostileFixtures(t)
	badCRC := bytes.Clone(fx.IDXGz)
	badCRC[len(badCRC)-8] ^= 0x55
	// Writers refuse such a header too: the shape is edited in the bytes.
	shape := func(stream []byte) []byte {
		t.Helper()
		if bytes.Count(stream, []byte("4,4")) != 1 {
			t.Fatalf("the fixture's image shape 4,4 is not where the edit expects it")
		}
		return bytes.Replace(stream, []byte("4,4"), []byte("3,3"), 1) // 9 pixels, N = 16
	}
	badShape, badShapeRun := shape(fx.Dataset), shape(fx.Checkpoint)
	noSnapshot := headerOnly(t, fx.Checkpoint)
	cases := []hostileCase{
		{Name: "gzip checksum", Tool: "rbm-data", Args: []string{"-o", "out", "img.gz"},
			Files: map[string][]byte{"img.gz": badCRC}, Want: 1, Msg: "checksum"},
		{Name: "gzip trailer cut", Tool: "rbm-data", Args: []string{"-o", "out", "img.gz"},
			Files: map[string][]byte{"img.gz": fx.IDXGz[:len(fx.IDXGz)-8]}, Want: 1},
		{Name: "bytes after the IDX data", Tool: "rbm-data", Args: []string{"-o", "out", "img"},
			Files: map[string][]byte{"img": cat(fx.IDX, []byte{1, 2, 3})}, Want: 1, Msg: "after"},
		{Name: "image shape disagrees with N", Tool: "rbm-data", Args: []string{"-o", "out"}, Stdin: badShape, Want: 1, Msg: "image_shape"},
		{Name: "image shape disagrees with N", Tool: "rbm-train", Args: []string{"-hidden", "3", "-batch", "10", "-o", "out"}, Stdin: badShape, Want: 1, Msg: "image_shape"},
		{Name: "image shape disagrees with N", Tool: "rbm-plot", Args: []string{"-o", "out.png"}, Stdin: badShapeRun, Want: 1, Msg: "image_shape"},
		{Name: "image shape disagrees with N", Tool: "rbm-stack", Args: []string{"-o", "out", "a", "b"},
			Files: map[string][]byte{"a": fx.Checkpoint, "b": badShapeRun}, Want: 1, Msg: "image_shape"},
		{Name: "checkpoint without snapshot", Tool: "rbm-svd", Args: []string{"-o", "out"}, Stdin: noSnapshot, Want: 1, Msg: "snapshot"},
		{Name: "checkpoint without snapshot", Tool: "rbm-freeenergy", Args: []string{"-o", "out"}, Stdin: noSnapshot, Want: 1, Msg: "snapshot"},
		{Name: "checkpoint without snapshot", Tool: "rbm-sample", Args: []string{"-o", "out"}, Stdin: noSnapshot, Want: 1, Msg: "snapshot"},
		{Name: "checkpoint without snapshot", Tool: "rbm-export", Args: []string{"-o", "out"}, Stdin: noSnapshot, Want: 1, Msg: "snapshot"},
		{Name: "checkpoint without snapshot", Tool: "rbm-stack", Args: []string{"-o", "out", "a", "b"},
			Files: map[string][]byte{"a": fx.Checkpoint, "b": noSnapshot}, Want: 1, Msg: "snapshot"},
	}
	for _, c := range []struct {
		tool   string
		stream []byte
		args   []string
	}{
		{"rbm-data", fx.Dataset, nil}, {"rbm-train", fx.Dataset, []string{"-hidden", "3", "-batch", "10"}},
		{"rbm-svd", fx.Checkpoint, nil}, {"rbm-mp", fx.Spectrum, nil}, {"rbm-freeenergy", fx.Checkpoint, nil},
		{"rbm-sample", fx.Checkpoint, nil}, {"rbm-plot", fx.MPFit, []string{"-format", "png"}}, {"rbm-cat", fx.FreeEnergy, nil},
		{"rbm-export", fx.Checkpoint, nil}, {"rbm-stack", fx.Spectrum, []string{"-"}},
	} {
		cases = append(cases, hostileCase{Name: "two streams concatenated", Tool: c.tool, Args: append([]string{"-o", "out"}, c.args...),
			Stdin: cat(c.stream, c.stream), Want: 1, Msg: "end-of-stream marker"})
	}
	runHostile(t, cases)
}

// TestHostileOutputs: output paths that cannot be written are refused
// before any work (the input never comes: a refusal after the work would
// hang), and a side output may not overwrite -o's file.
func TestHostileOutputs(t *testing.T) {
	fx := hostileFixtures(t)
	cases := []hostileCase{
		{Name: "-o names a directory", Tool: "rbm-svd", Args: []string{"-o", "d"}, Setup: mkdir("d"), StdinOpen: true, Want: 1, Msg: "is a directory"},
		{Name: "-o names a directory", Tool: "rbm-train", Args: []string{"-hidden", "3", "-o", "d"}, Setup: mkdir("d"), StdinOpen: true, Want: 1, Msg: "is a directory"},
		{Name: "-o in a missing directory", Tool: "rbm-mp", Args: []string{"-o", "no/out"}, StdinOpen: true, Want: 1, Msg: "does not exist"},
		{Name: "-o under a file", Tool: "rbm-cat", Args: []string{"-o", "f/out"}, Files: map[string][]byte{"f": nil}, StdinOpen: true, Want: 1, Msg: "not a directory"},
		{Name: "-trace is -o", Tool: "rbm-sample", Args: []string{"-trace", "t", "-o", "t", "run"},
			Files: map[string][]byte{"run": fx.Checkpoint}, Want: 2, Msg: "same file"},
		{Name: "-trace is -o through a link", Tool: "rbm-sample", Args: []string{"-trace", "l", "-o", "t", "run"},
			Files: map[string][]byte{"run": fx.Checkpoint, "t": []byte("kept")},
			Setup: func(t *testing.T, dir string) {
				if err := os.Symlink("t", filepath.Join(dir, "l")); err != nil {
					t.Fatal(err)
				}
			},
			Check: func(t *testing.T, dir string) {
				if b, _ := os.ReadFile(filepath.Join(dir, "t")); string(b) != "kept" {
					t.Errorf("t was overwritten")
				}
			}, Want: 2, Msg: "same file"},
		{Name: "-html is -o", Tool: "rbm-report", Args: []string{"-html", "r", "-o", "r", "study"}, Setup: mkdir("study"), Want: 2, Msg: "same file"},
	}
	runHostile(t, cases)
}
