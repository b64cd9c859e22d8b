package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"tend/internal/db"
	"tend/internal/model"
)

const fileCols = `id, practice_id, chart_id, name, content_type, size_bytes, sha256, storage, shared,
	COALESCE(uploaded_by_staff_id, ''), COALESCE(uploaded_by_account_id, ''), created_at, updated_at`

func scanFile(s scanner) (model.File, error) {
	var f model.File
	var created, updated int64
	if err := s.Scan(&f.ID, &f.PracticeID, &f.ChartID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.Storage, &f.Shared,
		&f.UploadedByStaffID, &f.UploadedByAccountID, &created, &updated); err != nil {
		return f, db.Classify(err)
	}
	f.CreatedAt, f.UpdatedAt = fromMS(created), fromMS(updated)
	return f, nil
}

// InsertFile stores a new file's row (its bytes go in with the storage, in the same transaction).
func InsertFile(ctx context.Context, q Q, f model.File) error {
	_, err := q.ExecContext(ctx, `INSERT INTO files (id, practice_id, chart_id, name, content_type, size_bytes, sha256, storage,
		shared, uploaded_by_staff_id, uploaded_by_account_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		f.ID, f.PracticeID, f.ChartID, f.Name, f.ContentType, f.Size, f.SHA256, f.Storage, f.Shared,
		nullStr(f.UploadedByStaffID), nullStr(f.UploadedByAccountID), ms(f.CreatedAt), ms(f.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert file: %w", db.Classify(err))
	}
	return nil
}

// SetFileShared stores whether a file is shared with the chart's portal users.
func SetFileShared(ctx context.Context, q Q, f model.File) error {
	_, err := q.ExecContext(ctx, `UPDATE files SET shared = $1, updated_at = $2 WHERE id = $3`, f.Shared, ms(f.UpdatedAt), f.ID)
	if err != nil {
		return fmt.Errorf("store: share file %s: %w", f.ID, db.Classify(err))
	}
	return nil
}

// DeleteFile removes a file's row; its chunks in the database go with it.
func DeleteFile(ctx context.Context, q Q, fileID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM files WHERE id = $1`, fileID); err != nil {
		return fmt.Errorf("store: delete file %s: %w", fileID, db.Classify(err))
	}
	return nil
}

// FileByID returns a file of the practice, or model.ErrNotFound.
func FileByID(ctx context.Context, q Q, practiceID, fileID string) (model.File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileCols+` FROM files WHERE id = $1 AND practice_id = $2`, fileID, practiceID))
	if err != nil {
		return f, fmt.Errorf("store: file %s: %w", fileID, err)
	}
	return f, nil
}

// FileIDsOfChart lists the ids of a chart's files stored in the given storage.
func FileIDsOfChart(ctx context.Context, q Q, chartID, storage string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM files WHERE chart_id = $1 AND storage = $2`, chartID, storage)
	if err != nil {
		return nil, fmt.Errorf("store: files of chart: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, db.Classify(err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FileFilter narrows a chart's file list: PortalAccount set shows what that portal user sees (the shared
// files and their own uploads).
type FileFilter struct {
	PortalAccount string
}

// FilesOf lists a chart's files, newest first, at most limit, after key (Value: created time in ms).
func FilesOf(ctx context.Context, q Q, chartID string, f FileFilter, after PageKey, limit int) ([]model.File, error) {
	query := `SELECT ` + fileCols + ` FROM files WHERE chart_id = $1`
	args := []any{chartID}
	if f.PortalAccount != "" {
		args = append(args, f.PortalAccount)
		query += fmt.Sprintf(` AND (shared OR uploaded_by_account_id = $%d)`, len(args))
	}
	if after.ID != "" {
		v, err := strconv.ParseInt(after.Value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: files page key: %w", model.ErrNotFound)
		}
		args = append(args, v, after.ID)
		query += fmt.Sprintf(` AND (created_at < $%d OR (created_at = $%d AND id < $%d))`, len(args)-1, len(args)-1, len(args))
	}
	query += fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: files: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// InsertFileChunk stores one encrypted chunk of a file kept in the database.
func InsertFileChunk(ctx context.Context, q Q, fileID string, n int, data []byte) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO file_chunks (file_id, n, data) VALUES ($1, $2, $3)`, fileID, n, data); err != nil {
		return fmt.Errorf("store: insert file chunk: %w", db.Classify(err))
	}
	return nil
}

// EachFileChunk hands fn the encrypted chunks of a file from chunk from on, in order, at most limit of
// them. data is valid only during the call (no copy is made): fn copies what it keeps.
func EachFileChunk(ctx context.Context, q Q, fileID string, from, limit int, fn func(data []byte) error) error {
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT data FROM file_chunks WHERE file_id = $1 AND n >= $2 ORDER BY n LIMIT %d`, limit), fileID, from)
	if err != nil {
		return fmt.Errorf("store: file chunks: %w", db.Classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var b sql.RawBytes
		if err := rows.Scan(&b); err != nil {
			return db.Classify(err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FileChunks returns up to limit encrypted chunks of a file from chunk from on, in order.
func FileChunks(ctx context.Context, q Q, fileID string, from, limit int) ([][]byte, error) {
	var out [][]byte
	err := EachFileChunk(ctx, q, fileID, from, limit, func(b []byte) error {
		out = append(out, append([]byte(nil), b...))
		return nil
	})
	return out, err
}
