//go:build !hdf5 || !cgo

package interop

import "errors"

// HDF5 says whether this build reads and writes HDF5 files.
const HDF5 = false

// ErrNoHDF5 is the answer of a build without HDF5 support.
var ErrNoHDF5 = errors.New("HDF5 files need rbmkit's HDF5 build (cgo, Debian's libhdf5-dev): make, or go build -tags hdf5")

func readHDF5(string, Options) (*Archive, error) { return nil, ErrNoHDF5 }

// WriteHDF5 writes a DsysDML/rbms archive at path (HDF5 build only).
func WriteHDF5(string, *Archive) error { return ErrNoHDF5 }
