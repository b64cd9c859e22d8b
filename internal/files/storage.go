package files

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"tend/internal/id"
	"tend/internal/store"
)

// Storage keeps the encrypted chunks of files. Two exist: Database (the default: the chunks are rows,
// in every backup and shared by every app instance) and Folder (TEND_FILES_DIR: one file per upload).
// Neither ever sees a byte of content unencrypted.
type Storage interface {
	// Kind is stored on the file's row: "db" or "dir".
	Kind() string
	// Put stores a new file's chunks, in order, inside the transaction q that stores its row.
	Put(ctx context.Context, q store.Q, fileID string, chunks Chunks) error
	// Get reads a file's chunks back, in order.
	Get(ctx context.Context, fileID string) (Chunks, error)
	// Remove deletes what the database does not delete with the files' rows; called once they are gone.
	Remove(ctx context.Context, fileIDs []string) error
}

// Chunks hands out encrypted chunks one at a time; Next answers io.EOF after the last.
type Chunks interface {
	Next() ([]byte, error)
	Close() error
}

// Database keeps chunks as rows of file_chunks; they go with the file's row.
type Database struct{ Store *store.Store }

// Kind is "db".
func (Database) Kind() string { return "db" }

// Put inserts the chunks as rows in q.
func (d Database) Put(ctx context.Context, q store.Q, fileID string, chunks Chunks) error {
	for n := 0; ; n++ {
		b, err := chunks.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := store.InsertFileChunk(ctx, q, fileID, n, b); err != nil {
			return err
		}
	}
}

// dbBatch is how many chunks one query reads (1 MiB of content): the download holds no connection
// between batches and never more than a batch in memory.
const dbBatch = 16

// Get reads the chunks a batch at a time.
func (d Database) Get(ctx context.Context, fileID string) (Chunks, error) {
	return &dbChunks{st: d.Store, fileID: fileID, ctx: ctx}, nil
}

// Remove does nothing: the chunks' rows are deleted with the file's.
func (Database) Remove(context.Context, []string) error { return nil }

type dbChunks struct {
	st     *store.Store
	fileID string
	ctx    context.Context
	next   int      // the next chunk's index
	bufs   [][]byte // one batch, its memory reused from batch to batch
	have   int      // how many of bufs hold chunks of the current batch
	at     int      // the next of them to hand out
	done   bool
}

func (c *dbChunks) Next() ([]byte, error) {
	if c.at == c.have && !c.done {
		c.have, c.at = 0, 0
		err := store.EachFileChunk(c.ctx, c.st.R(), c.fileID, c.next, dbBatch, func(b []byte) error {
			if c.have == len(c.bufs) {
				c.bufs = append(c.bufs, nil)
			}
			c.bufs[c.have] = append(c.bufs[c.have][:0], b...)
			c.have++
			return nil
		})
		if err != nil {
			return nil, err
		}
		c.done = c.have < dbBatch
	}
	if c.at == c.have {
		return nil, io.EOF
	}
	b := c.bufs[c.at]
	c.at++
	c.next++
	return b, nil
}

func (c *dbChunks) Close() error { return nil }

// Folder keeps each file as one file in Dir (TEND_FILES_DIR), named by its id: every chunk with its
// length before it. Back the folder up with the database.
type Folder struct{ Dir string }

// Kind is "dir".
func (Folder) Kind() string { return "dir" }

func (f Folder) path(fileID string) (string, error) {
	if !id.Valid(fileID) {
		return "", fmt.Errorf("files: malformed file id %q", fileID)
	}
	return filepath.Join(f.Dir, fileID+".tend"), nil
}

// Put writes the chunks to a temporary file in the folder and renames it into place, synced.
func (f Folder) Put(_ context.Context, _ store.Q, fileID string, chunks Chunks) error {
	dst, err := f.path(fileID)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	tmp, err := os.CreateTemp(f.Dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	w := bufio.NewWriterSize(tmp, ChunkSize+64)
	if err := writeRecords(w, chunks); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("files: folder: %w", err)
	}
	return nil
}

// Get opens the file's chunks.
func (f Folder) Get(_ context.Context, fileID string) (Chunks, error) {
	p, err := f.path(fileID)
	if err != nil {
		return nil, err
	}
	fh, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("files: folder: %w", err)
	}
	return &recordChunks{r: bufio.NewReaderSize(fh, ChunkSize+64), c: fh}, nil
}

// Remove deletes the files; one already gone is no error.
func (f Folder) Remove(_ context.Context, fileIDs []string) error {
	var errs []error
	for _, fid := range fileIDs {
		p, err := f.path(fid)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("files: folder: %w", err))
		}
	}
	return errors.Join(errs...)
}

// maxRecord bounds one stored chunk's length: a damaged length never makes a huge allocation.
const maxRecord = ChunkSize + 64

// writeRecords writes each chunk with its length (4 bytes, big-endian) before it.
func writeRecords(w io.Writer, chunks Chunks) error {
	var n [4]byte
	for {
		b, err := chunks.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		if _, err := w.Write(n[:]); err != nil {
			return fmt.Errorf("files: write: %w", err)
		}
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("files: write: %w", err)
		}
	}
}

// recordChunks reads what writeRecords wrote.
type recordChunks struct {
	r   *bufio.Reader
	c   io.Closer
	buf []byte
}

func (rc *recordChunks) Next() ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(rc.r, n[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, ErrTampered
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxRecord {
		return nil, ErrTampered
	}
	if cap(rc.buf) < int(size) {
		rc.buf = make([]byte, size)
	}
	b := rc.buf[:size]
	if _, err := io.ReadFull(rc.r, b); err != nil {
		return nil, ErrTampered
	}
	return b, nil
}

func (rc *recordChunks) Close() error { return rc.c.Close() }
