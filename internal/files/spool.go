package files

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"tend/internal/model"
)

// spooled is an upload read to its end: checked, measured, hashed and encrypted into a temporary file
// (never held in memory whole), ready to be copied into the storage inside the transaction that stores
// the row, so a slow sender never holds the database.
type spooled struct {
	file        *os.File
	size        int64
	sha256      string
	contentType string
}

func (sp *spooled) close() {
	sp.file.Close()
	os.Remove(sp.file.Name())
}

// chunks reads the encrypted chunks back from the start.
func (sp *spooled) chunks() (Chunks, error) {
	if _, err := sp.file.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("files: spool: %w", err)
	}
	return &recordChunks{r: bufio.NewReaderSize(sp.file, ChunkSize+64), c: io.NopCloser(nil)}, nil
}

// errTooLarge is the refusal of an upload over the cap, said in megabytes.
func errTooLarge(maxBytes int64) error {
	return model.FieldError("file", fmt.Sprintf("The file is larger than %d MB, the most Tend takes. Make it smaller or split it, and upload it again.", maxBytes>>20))
}

// errEmpty is the refusal of an empty upload.
func errEmpty() error {
	return model.FieldError("file", "The file is empty. Choose a file with something in it.")
}

// spool reads r chunk by chunk: it stops at the first byte past maxBytes, or as soon as the content
// cannot be a type Tend keeps, and never holds more than two chunks.
func (s *Sealer) spool(r io.Reader, fileID string, maxBytes int64, tempDir string) (*spooled, error) {
	tmp, err := os.CreateTemp(tempDir, "tend-upload-*")
	if err != nil {
		return nil, fmt.Errorf("files: spool: %w", err)
	}
	sp := &spooled{file: tmp}
	if err := s.fill(sp, r, fileID, maxBytes); err != nil {
		sp.close()
		return nil, err
	}
	return sp, nil
}

func (s *Sealer) fill(sp *spooled, r io.Reader, fileID string, maxBytes int64) error {
	w := bufio.NewWriterSize(sp.file, ChunkSize+64)
	h := sha256.New()
	var sn sniffer
	cur, next := make([]byte, ChunkSize), make([]byte, ChunkSize)
	var sealed []byte
	// read fills b; ended says the content ended within it.
	read := func(b []byte) (n int, ended bool, err error) {
		n, err = io.ReadFull(r, b)
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return n, true, nil
		case isMaxBytes(err):
			return n, false, errTooLarge(maxBytes)
		case err != nil:
			return n, false, fmt.Errorf("files: read upload: %w", err)
		}
		return n, false, nil
	}
	n, ended, err := read(cur)
	if err != nil {
		return err
	}
	if n == 0 {
		return errEmpty()
	}
	for i := 0; ; i++ {
		sp.size += int64(n)
		if sp.size > maxBytes {
			return errTooLarge(maxBytes)
		}
		if _, err := sn.Write(cur[:n]); err != nil {
			return err
		}
		h.Write(cur[:n])
		m := 0
		if !ended {
			if m, ended, err = read(next); err != nil {
				return err
			}
		}
		last := ended && m == 0
		sealed, err = s.seal(sealed, fileID, i, last, cur[:n])
		if err != nil {
			return err
		}
		size := len(sealed)
		if _, err := w.Write([]byte{byte(size >> 24), byte(size >> 16), byte(size >> 8), byte(size)}); err != nil {
			return fmt.Errorf("files: spool: %w", err)
		}
		if _, err := w.Write(sealed); err != nil {
			return fmt.Errorf("files: spool: %w", err)
		}
		if last {
			break
		}
		cur, next, n = next, cur, m
	}
	ct, err := sn.finish()
	if err != nil {
		return err
	}
	sp.sha256, sp.contentType = hex.EncodeToString(h.Sum(nil)), ct
	if err := w.Flush(); err != nil {
		return fmt.Errorf("files: spool: %w", err)
	}
	return nil
}

// isMaxBytes reports whether err is http.MaxBytesReader's refusal.
func isMaxBytes(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
