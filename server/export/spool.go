package export

import (
	"bytes"
	"io"
	"os"
)

// spool collects an export's output: in memory up to a threshold, then in a temporary file, so
// the answer can be sent (with its length, or replaced by an error) only once it is complete,
// and a large ZIP never sits in memory.
type spool struct {
	dir       string
	threshold int
	buf       bytes.Buffer
	file      *os.File
	size      int64
}

func newSpool(dir string, threshold int) *spool { return &spool{dir: dir, threshold: threshold} }

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.buf.Len()+len(p) > s.threshold {
		f, err := os.CreateTemp(s.dir, "export-*")
		if err != nil {
			return 0, err
		}
		os.Remove(f.Name()) // unlinked: the space is freed when the file is closed, even after a crash
		if _, err := f.Write(s.buf.Bytes()); err != nil {
			f.Close()
			return 0, err
		}
		s.buf = bytes.Buffer{}
		s.file = f
	}
	var n int
	var err error
	if s.file != nil {
		n, err = s.file.Write(p)
	} else {
		n, err = s.buf.Write(p)
	}
	s.size += int64(n)
	return n, err
}

// Size returns the bytes written.
func (s *spool) Size() int64 { return s.size }

// WriteTo copies the whole content to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		n, err := w.Write(s.buf.Bytes())
		return int64(n), err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, s.file)
}

// Close frees the memory or the file.
func (s *spool) Close() error {
	s.buf = bytes.Buffer{}
	if s.file != nil {
		err := s.file.Close()
		s.file = nil
		return err
	}
	return nil
}
