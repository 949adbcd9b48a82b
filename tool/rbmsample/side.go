package rbmsample

import (
	"fmt"
	"os"
	"path/filepath"
)

// sideFile is a second output (-trace), written like -o: to a temporary
// file beside the target, renamed into place only on success.
type sideFile struct {
	*os.File
	name, target string
	done         bool
}

func createSide(target, name string) (*sideFile, error) {
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("-trace %s: %v", name, err)
	}
	return &sideFile{File: f, name: name, target: target}, nil
}

func (s *sideFile) commit() error {
	s.done = true
	err := s.Sync()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(s.File.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(s.File.Name(), s.target)
	}
	if err != nil {
		os.Remove(s.File.Name())
		return fmt.Errorf("-trace %s: %v", s.name, err)
	}
	return nil
}

func (s *sideFile) abort() {
	if !s.done {
		s.done = true
		s.Close()
		os.Remove(s.File.Name())
	}
}
