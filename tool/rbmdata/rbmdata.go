package rbmdata

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/idx"
	"github.com/rbmkit/rbmkit/rng"
)

// Tool is the rbm-data command.
var Tool = cli.Tool{
	Name:     "rbm-data",
	Synopsis: "[flags] [images.idx[.gz] | dataset.arrows]",
	Summary: `Turn IDX images (MNIST's format, gzip or plain) into a binary dataset stream,
or subset a dataset stream. Pixels become 1 when ≥ -threshold, or with
probability pixel/255 under -binarize sample (reproducible from -seed).`,
	Example: `rbm-data -labels train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz > mnist.arrows
rbm-data -limit 1000 -classes 0,1 mnist.arrows > small.arrows
rbm-data -binarize sample -seed 3 -o sampled.arrows t10k-images-idx3-ubyte.gz
rbm-data -name Fashion-MNIST -o fashion.arrows fashion-mnist/t10k-images-idx3-ubyte.gz`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		var o options
		fs.StringVar(&o.labels, "labels", "", "IDX label `file` to attach (gzip or plain)")
		fs.StringVar(&o.binarize, "binarize", "threshold", "binarization of IDX pixels: threshold or sample")
		fs.IntVar(&o.threshold, "threshold", 128, "with -binarize threshold, pixels ≥ `t` become 1")
		o.seeds.Define(fs, true) // the seed of -binarize sample
		fs.IntVar(&o.offset, "offset", 0, "skip the first `n` examples")
		fs.IntVar(&o.limit, "limit", 0, "keep at most `n` examples (0: all)")
		fs.StringVar(&o.classes, "classes", "", "keep only these comma-separated `labels` (needs labels)")
		fs.StringVar(&o.name, "name", "", "the dataset's `name` (e.g. MNIST, Fashion-MNIST), recorded as rbm.dataset: rbm-report names the data by it")
		return o.run
	},
}

type options struct {
	labels, binarize, classes string
	name                      string
	threshold, offset, limit  int
	seeds                     cli.Seeds
}

// filter decides which examples, in input order, are written.
type filter struct {
	offset, limit, seen, kept int
	classes                   map[int32]bool
}

// keep reports whether the next example (with its label) is written, and
// whether any later one can be.
func (f *filter) keep(label int32) (keep, more bool) {
	if f.classes != nil && !f.classes[label] {
		return false, true
	}
	f.seen++
	if f.seen <= f.offset {
		return false, true
	}
	f.kept++
	return true, f.limit == 0 || f.kept < f.limit
}

func (o *options) run(r *cli.Run) error {
	if o.binarize != "threshold" && o.binarize != "sample" {
		return cli.Usagef("-binarize %q: want threshold or sample", o.binarize)
	}
	if o.threshold < 0 || o.threshold > 256 {
		return cli.Usagef("-threshold %d: want a value in 0..256", o.threshold)
	}
	if o.offset < 0 || o.limit < 0 {
		return cli.Usagef("-offset and -limit must be ≥ 0")
	}
	f := &filter{offset: o.offset, limit: o.limit}
	if o.classes != "" {
		f.classes = map[int32]bool{}
		for _, s := range strings.Split(o.classes, ",") {
			c, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return cli.Usagef("-classes: %q is not an integer label", s)
			}
			f.classes[int32(c)] = true
		}
	}
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	defer in.Close()
	br := bufio.NewReaderSize(in, 1<<16)
	head, _ := br.Peek(4)
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	if bytes.Equal(head, []byte{0xff, 0xff, 0xff, 0xff}) || bytes.HasPrefix(head, []byte("ARRO")) {
		if o.labels != "" {
			return cli.Usagef("-labels applies to IDX images, not to a dataset stream")
		}
		err = o.subset(r, br, name, out, f)
	} else {
		err = o.fromIDX(r, br, name, out, f)
	}
	if err != nil {
		return err
	}
	if f.kept == 0 {
		return fmt.Errorf("%s: no examples selected%s: nothing to write", name, f.describe())
	}
	return out.Commit()
}

// describe names the selection that left nothing, for the error.
func (f *filter) describe() string {
	var parts []string
	if f.offset > 0 {
		parts = append(parts, fmt.Sprintf("-offset %d", f.offset))
	}
	if f.classes != nil {
		var cs []string
		for c := range f.classes {
			cs = append(cs, strconv.Itoa(int(c)))
		}
		sort.Strings(cs)
		parts = append(parts, "-classes "+strings.Join(cs, ","))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", with " + strings.Join(parts, " ")
}

// subset copies the selected rows of a dataset stream.
func (o *options) subset(r *cli.Run, in io.Reader, name string, out io.Writer, f *filter) error {
	rd, err := format.NewReader[format.Example](in, name)
	if err != nil {
		return err
	}
	defer rd.Close()
	labeled := rd.Has("label")
	if f.classes != nil && !labeled {
		return cli.Usagef("-classes needs labels, and %s has none", name)
	}
	var opts []format.WriterOption
	if !labeled {
		opts = append(opts, format.Omit("label"))
	}
	h := rd.Header().Derive(format.KindDataset, r.Step())
	if o.name != "" {
		h.Set(format.KeyDataset, o.name)
	}
	w, err := format.NewWriter[format.Example](out, h,
		append(opts, format.WithCompression(r.Compression))...)
	if err != nil {
		return err
	}
	for rd.Next() {
		keep, more := f.keep(rd.Row().Label)
		if keep {
			if err := w.Write(rd.Row()); err != nil {
				return err
			}
		}
		if !more {
			break
		}
	}
	if err := rd.Err(); err != nil {
		return err
	}
	return w.Close()
}

// fromIDX binarizes IDX images, with labels when given.
func (o *options) fromIDX(r *cli.Run, in io.Reader, name string, out io.Writer, f *filter) error {
	images, err := idx.Open(in, name)
	if err != nil {
		return err
	}
	if len(images.Dims) != 3 {
		return fmt.Errorf("%s: IDX data of shape %v are not images (want count×rows×cols)", name, images.Dims)
	}
	if images.Type != idx.Uint8 {
		return fmt.Errorf("%s: IDX elements are %v, not images of bytes (uint8)", name, images.Type)
	}
	count, rows, cols := images.Dims[0], images.Dims[1], images.Dims[2]
	var labels []byte
	if o.labels != "" {
		lf, lname, err := r.Input(o.labels)
		if err != nil {
			return fmt.Errorf("-labels: %v", err)
		}
		labels, err = idx.ReadLabels(lf, lname)
		lf.Close()
		if err != nil {
			return err
		}
		if len(labels) != count {
			return fmt.Errorf("%s holds %d labels but %s holds %d images", lname, len(labels), name, count)
		}
	} else if f.classes != nil {
		return cli.Usagef("-classes needs -labels")
	}
	h := format.Header{Visible: rows * cols, Units: "bernoulli", ImageShape: []int{rows, cols},
		Provenance: []format.Step{r.Step()}}
	h.Set(format.KeySource, filepath.Base(name))
	if o.name != "" {
		h.Set(format.KeyDataset, o.name)
	}
	if o.binarize == "sample" {
		h.Seed = o.seeds.Seed
		h.Set(format.KeyBinarize, "sample")
	} else {
		h.Set(format.KeyBinarize, "threshold:"+strconv.Itoa(o.threshold))
	}
	opts := []format.WriterOption{format.WithCompression(r.Compression)}
	if labels == nil {
		opts = append(opts, format.Omit("label"))
	}
	w, err := format.NewWriter[format.Example](out, h, opts...)
	if err != nil {
		return err
	}
	// Sampling draws from one stream in input order, so a subset of a
	// sampled dataset equals the same subset sampled directly only when it
	// is a prefix; -offset and -limit still give reproducible output.
	random := rng.New(o.seeds.Seed, 0, "binarize")
	pixels := make([]byte, rows*cols)
	ex := format.Example{V: make([]bool, rows*cols)}
	for i := 0; i < count; i++ {
		if err := images.Next(pixels); err != nil {
			return err
		}
		if labels != nil {
			ex.Label = int32(labels[i])
		}
		keep, more := f.keep(ex.Label)
		if o.binarize == "sample" {
			for j, p := range pixels {
				ex.V[j] = random.Float64()*255 < float64(p)
			}
		} else {
			for j, p := range pixels {
				ex.V[j] = int(p) >= o.threshold
			}
		}
		if keep {
			if err := w.Write(&ex); err != nil {
				return err
			}
		}
		if !more {
			break
		}
		if err := r.Ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d images: %v", i+1, err)
		}
	}
	if images.ItemsRead() == images.Count {
		// Having read every image, check the file's end: nothing after
		// the data and, for gzip, its checksum and length.
		if err := images.Next(pixels); err != io.EOF {
			return err
		}
	}
	return w.Close()
}
