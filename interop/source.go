package interop

import "encoding/json"

// Source is what rbm-import records under KeyImport in a checkpoint
// stream's metadata: where the models came from and what the file said
// of them. rbm-export reads it back.
type Source struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Layout string `json:"layout"`
	// ModelType is the source's name for the model (DsysDML model_type,
	// Julia's layer types), absent if the file has none.
	ModelType string `json:"model_type,omitempty"`
	// Transposed: the file stored W as M×N. Float64: it stored float64
	// values, rounded to the nearest float32.
	Transposed      bool                       `json:"transposed"`
	Float64         bool                       `json:"float64"`
	Hyperparameters map[string]json.RawMessage `json:"hyperparameters,omitempty"`
}

// KeyImport is the metadata key of the Source.
const KeyImport = "rbm.import"
