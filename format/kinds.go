package format

import "reflect"

// kindSpec describes one artifact kind: its row type, the current format
// version and how many rows a writer buffers per record batch by default.
type kindSpec struct {
	kind      Kind
	row       reflect.Type
	version   int
	batchRows int
}

// kinds is the registry of artifact kinds. A new kind is a file kind_*.go:
// its Kind constant, its row type and one register call in its init.
var kinds = map[Kind]kindSpec{}
var kindOfRow = map[reflect.Type]Kind{}

func register[T any](k Kind, version, batchRows int) {
	t := reflect.TypeFor[T]()
	layoutOf(t) // validate the tags at init
	kinds[k] = kindSpec{kind: k, row: t, version: version, batchRows: batchRows}
	kindOfRow[t] = k
}

// Kinds lists the registered kinds.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	return out
}
