package train

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
)

// stateVersion numbers the layout of MarshalState's blob. Version 2 is
// version 1 followed by the state of the methods beyond plain SGD
// (extensionArrays); a run that has none writes version 1, as before they
// existed, and version 1 blobs still resume.
const stateVersion = 2

// extensionArrays are version 2's additions, each written as its length
// and values (length 0 when the run does not use it).
func (t *Trainer) extensionArrays() [][]float32 {
	e := &t.ext
	return [][]float32{e.mu, e.lambda, e.sqW, e.sqA, e.sqB}
}

func (t *Trainer) hasExtension() bool {
	for _, v := range t.extensionArrays() {
		if len(v) > 0 {
			return true
		}
	}
	return false
}

// MarshalState returns everything beyond the model's parameters that the
// run needs to go on exactly as if never stopped: epoch and step, the
// random streams, the position within an interrupted epoch, the momentum
// velocities, the persistent chains and the reconstruction monitor's sums.
// The layout is private and versioned.
func (t *Trainer) MarshalState() ([]byte, error) {
	var b bytes.Buffer
	put := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	putBytes := func(p []byte) { put(uint32(len(p))); b.Write(p) }
	version := uint32(1)
	if t.hasExtension() {
		version = stateVersion
	}
	put(version)
	put(int64(t.Epoch))
	put(int64(t.Step))
	shuffle, err := t.shuffleSrc.MarshalBinary()
	if err != nil {
		return nil, err
	}
	sample, err := t.sampleSrc.MarshalBinary()
	if err != nil {
		return nil, err
	}
	putBytes(shuffle)
	putBytes(sample)
	if t.order != nil {
		putBytes(t.epochShuffle)
	} else {
		putBytes(nil)
	}
	put(int64(t.pos))
	put(t.reconSum)
	put(int64(t.reconCount))
	arrays := [][]float32{t.velW, t.velA, t.velB, t.chains}
	if version == 2 {
		arrays = append(arrays, t.extensionArrays()...)
	}
	for _, v := range arrays {
		put(uint32(len(v)))
		put(v)
	}
	return b.Bytes(), nil
}

// RestoreState resumes from a MarshalState blob; the model's parameters
// must already be set (they travel in the checkpoint's W, a, b).
func (t *Trainer) RestoreState(state []byte) error {
	r := bytes.NewReader(state)
	var err error
	get := func(v any) {
		if err == nil {
			err = binary.Read(r, binary.LittleEndian, v)
		}
	}
	getBytes := func() []byte {
		var n uint32
		get(&n)
		if err != nil || int(n) > r.Len() {
			err = errors.New("truncated")
			return nil
		}
		p := make([]byte, n)
		r.Read(p)
		return p
	}
	var version uint32
	get(&version)
	if err == nil && (version < 1 || version > stateVersion) {
		return fmt.Errorf("resume state version %d, this rbmkit reads 1 to %d", version, stateVersion)
	}
	if err == nil && version == 1 && t.hasExtension() {
		return errors.New("resume state version 1 has no centering offsets or Adam moments, which the run uses: settings differ")
	}
	var epoch, step, pos, reconCount int64
	get(&epoch)
	get(&step)
	shuffle, sample, epochShuffle := getBytes(), getBytes(), getBytes()
	get(&pos)
	get(&t.reconSum)
	get(&reconCount)
	arrays := [][]float32{t.velW, t.velA, t.velB, t.chains}
	if version == 2 {
		arrays = append(arrays, t.extensionArrays()...)
	}
	for _, v := range arrays {
		var n uint32
		get(&n)
		if err == nil && int(n) != len(v) {
			return fmt.Errorf("resume state holds %d values where the run has %d: settings differ", n, len(v))
		}
		get(v)
	}
	if err != nil {
		return fmt.Errorf("resume state: %v", err)
	}
	if err := t.shuffleSrc.UnmarshalBinary(shuffle); err != nil {
		return fmt.Errorf("resume state: %v", err)
	}
	if err := t.sampleSrc.UnmarshalBinary(sample); err != nil {
		return fmt.Errorf("resume state: %v", err)
	}
	t.Epoch, t.Step, t.pos, t.reconCount = int(epoch), int(step), int(pos), int(reconCount)
	t.order = nil
	if len(epochShuffle) > 0 {
		// Redraw the interrupted epoch's order from the state it came from.
		src := &rand.PCG{}
		if err := src.UnmarshalBinary(epochShuffle); err != nil {
			return fmt.Errorf("resume state: %v", err)
		}
		t.epochShuffle = epochShuffle
		t.order = rand.New(src).Perm(t.data.Count)
	}
	return nil
}
