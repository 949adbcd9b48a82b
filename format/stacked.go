package format

import (
	"encoding/json"
	"fmt"
)

// KeyRuns marks a stacked stream: several runs' streams of one kind
// concatenated by rbm-stack (package stack), with run identity columns in
// front. Its value is a JSON array of StackedRun, one per run in the
// order of the run column.
const KeyRuns = "rbm.runs"

// StackedRun is one run of a stacked stream, as recorded in rbm.runs.
type StackedRun struct {
	// Run is the value of the run column for this run's rows.
	Run int `json:"run"`
	// Source is the input's name as given to rbm-stack.
	Source  string `json:"source"`
	Hidden  int    `json:"hidden"`
	Replica int    `json:"replica"`
	Seed    uint64 `json:"seed"`
	// Provenance is the run's own history (the stack's is the header's).
	Provenance []Step `json:"provenance"`
	// Extra holds the run's metadata keys whose values differ between
	// runs (keys all runs share stay in the stack's header).
	Extra map[string]string `json:"extra,omitempty"`
}

// Stacked reports whether the stream holds several runs (rbm-stack).
func (h Header) Stacked() bool {
	_, ok := h.Extra[KeyRuns]
	return ok
}

// Runs decodes rbm.runs; nil for a stream of one run.
func (h Header) Runs() ([]StackedRun, error) {
	s, ok := h.Extra[KeyRuns]
	if !ok {
		return nil, nil
	}
	var runs []StackedRun
	if err := json.Unmarshal([]byte(s), &runs); err != nil {
		return nil, fmt.Errorf("metadata %q is not valid JSON: %v", KeyRuns, err)
	}
	return runs, nil
}
