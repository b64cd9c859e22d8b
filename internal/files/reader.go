package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"

	"tend/internal/model"
)

// Reader is a file's content as it is decrypted, chunk by chunk: no byte of a chunk is handed out before
// the whole chunk opened with its tag, and the SHA-256 and size of the whole are checked after the last.
// Anything that does not match is ErrTampered.
type Reader struct {
	File   model.File
	sealer *Sealer
	chunks Chunks
	n      int // the next chunk's index
	count  int
	plain  []byte // what is left of the current chunk
	buf    []byte
	sum    hash.Hash
	read   int64
	err    error
}

// newReader opens the first chunk at once, so a file that is damaged from its start fails before
// anything is sent.
func (s *Sealer) newReader(f model.File, chunks Chunks) (*Reader, error) {
	r := &Reader{File: f, sealer: s, chunks: chunks, count: chunkCount(f.Size), sum: sha256.New()}
	if err := r.fill(); err != nil {
		chunks.Close()
		return nil, err
	}
	return r, nil
}

// fill opens the next chunk.
func (r *Reader) fill() error {
	sealed, err := r.chunks.Next()
	if errors.Is(err, io.EOF) || (err == nil && r.n >= r.count) {
		return ErrTampered // cut short, or more chunks than the size says
	}
	if err != nil {
		return err
	}
	r.buf, err = r.sealer.open(r.buf[:0], r.File.ID, r.n, r.n == r.count-1, sealed)
	if err != nil {
		return err
	}
	r.plain = r.buf
	r.n++
	r.sum.Write(r.plain)
	r.read += int64(len(r.plain))
	if r.n == r.count && (r.read != r.File.Size || hex.EncodeToString(r.sum.Sum(nil)) != r.File.SHA256) {
		return ErrTampered
	}
	return nil
}

// Read hands out the content; after the last byte it answers io.EOF only when the SHA-256 matched.
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	for len(r.plain) == 0 {
		if r.n == r.count {
			return 0, io.EOF
		}
		if err := r.fill(); err != nil {
			r.err = err
			return 0, err
		}
	}
	k := copy(p, r.plain)
	r.plain = r.plain[k:]
	return k, nil
}

// Close releases the storage.
func (r *Reader) Close() error { return r.chunks.Close() }
