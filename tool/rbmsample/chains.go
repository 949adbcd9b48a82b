package rbmsample

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// persistentChains extracts the persistent chains (Chains×N unit values)
// from rbm-train's resume state. The state is train.Trainer.MarshalState's
// private blob; this reads its version 1 layout, which the tests check
// against the trainer itself:
//
//	u32 version; i64 epoch, step; three byte strings (u32 length + bytes):
//	the shuffle and sampling RNG states and the epoch's shuffle; i64 pos;
//	f64 recon sum; i64 recon count; four float32 arrays (u32 count +
//	values): the velocities of W, a, b, then the chains.
func persistentChains(state []byte, visible int) ([]float32, error) {
	if len(state) == 0 {
		return nil, errors.New("the snapshot stores no resume state (rbm-train -no-state?)")
	}
	r := bytes.NewReader(state)
	var err error
	read := func(v any) {
		if err == nil {
			err = binary.Read(r, binary.LittleEndian, v)
		}
	}
	var version uint32
	read(&version)
	if err == nil && version != 1 {
		return nil, fmt.Errorf("resume state version %d: this rbm-sample reads version 1", version)
	}
	var i64 int64
	read(&i64)
	read(&i64)
	for range 3 {
		var n uint32
		read(&n)
		if err == nil {
			_, err = r.Seek(int64(n), io.SeekCurrent)
		}
	}
	var f64 float64
	read(&i64)
	read(&f64)
	read(&i64)
	var chains []float32
	for range 4 {
		var n uint32
		read(&n)
		if err == nil && int64(n)*4 > int64(r.Len()) {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			break
		}
		chains = make([]float32, n)
		read(chains)
	}
	if err != nil {
		return nil, fmt.Errorf("resume state: %v", err)
	}
	if len(chains) == 0 {
		return nil, errors.New("no persistent chains: the run was trained by CD, not PCD")
	}
	if len(chains)%visible != 0 {
		return nil, fmt.Errorf("resume state: %d chain values are not a multiple of %d visible units", len(chains), visible)
	}
	return chains, nil
}
