package files

import (
	"context"
	"fmt"
	"io"
	"math"

	"tend/internal/model"
	"tend/internal/store"
)

// Restore stores content as the chunks of f, whose row q already holds (a practice archive being
// imported, IM-2): encrypted with this installation's key and refused unless its size and SHA-256 are
// f's. The caller removes what Storage keeps outside the database (RemoveStored) if q rolls back.
func (s *Service) Restore(ctx context.Context, q store.Q, f model.File, content io.Reader) error {
	sp, err := s.Sealer.spool(content, f.ID, math.MaxInt64, s.TempDir)
	if err != nil {
		return fmt.Errorf("files: restore %s: %w", f.ID, err)
	}
	defer sp.close()
	if sp.size != f.Size || sp.sha256 != f.SHA256 {
		return fmt.Errorf("files: restore %s: %w", f.ID, ErrTampered)
	}
	chunks, err := sp.chunks()
	if err != nil {
		return err
	}
	return s.Storage.Put(ctx, q, f.ID, chunks)
}

// StorageKind is where this installation keeps new files' chunks: "db" or "dir".
func (s *Service) StorageKind() string { return s.Storage.Kind() }

// RemoveStored deletes what Storage keeps outside the database for files whose rows were never committed.
func (s *Service) RemoveStored(ctx context.Context, fileIDs []string) error {
	return s.Storage.Remove(ctx, fileIDs)
}
