package format

// KindDataset holds binary training or test data: one visible
// configuration per row, with its class label when the data have labels
// (rbm-data).
const KindDataset Kind = "dataset"

func init() { register[Example](KindDataset, 1, 4096) }

// The metadata keys rbm-data records, which every stream derived from the
// data keeps: the source file's name, the binarization ("threshold:128" or
// "sample") and the dataset's name (-name; IDX files carry no name, and
// the distributions of MNIST and Fashion-MNIST use the same file names).
const (
	KeySource   = "rbm.source"
	KeyBinarize = "rbm.binarize"
	KeyDataset  = "rbm.dataset"
)

// Example is one row of a dataset stream: a binary visible configuration
// (true = 1, or +1 in the spin convention) and its class label, when the
// dataset has labels.
type Example struct {
	V     []bool `arrow:"v,fixed=visible"`
	Label int32  `arrow:"label,optional"`
}
