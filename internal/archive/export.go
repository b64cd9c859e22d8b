package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"slices"
	"time"

	"tend/internal/authz"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
)

// ExportOptions says who exports and whether psychotherapy notes go in.
type ExportOptions struct {
	// By is the staff member exporting; the zero Principal is the operator on the command line.
	By model.Principal
	// PsychotherapyNotes puts the psychotherapy notes in; only when asked for explicitly.
	PsychotherapyNotes bool
}

// Export writes the practice's archive to w as it streams: one row and one file chunk at a time, so
// memory stays the same however large the practice. The export is audited first, with whether
// psychotherapy notes were asked for; the rows come from one consistent snapshot.
func (s *Service) Export(ctx context.Context, w io.Writer, practiceID string, opt ExportOptions) (Manifest, error) {
	var m Manifest
	pr, err := store.PracticeByID(ctx, s.Store.R(), practiceID)
	if err != nil {
		return m, fmt.Errorf("archive: export: %w", err)
	}
	version, err := s.Store.DB.CurrentVersion(ctx)
	if err != nil {
		return m, err
	}
	m.Format, m.TendVersion, m.SchemaVersion, m.ExportedAt = Format, s.Version, version, s.now()
	m.Practice.ID, m.Practice.Slug, m.PsychotherapyNotes = pr.ID, pr.Slug, opt.PsychotherapyNotes
	detail, _ := json.Marshal(map[string]bool{"psychotherapy_notes": opt.PsychotherapyNotes})
	ev := s.event(opt.By, pr.ID, "practice.export", string(detail))
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, ev) }); err != nil {
		return m, err
	}
	if s.Flush != nil {
		if err := s.Flush(ctx); err != nil {
			return m, fmt.Errorf("archive: export: bringing waiting audit events in: %w", err)
		}
	}

	var txOpt *sql.TxOptions
	if s.Store.DB.Dialect == db.Postgres {
		txOpt = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	tx, err := s.Store.DB.R.BeginTx(ctx, txOpt)
	if err != nil {
		return m, fmt.Errorf("archive: export: %w", err)
	}
	defer tx.Rollback()

	zw := zip.NewWriter(w)
	for _, t := range store.ArchiveTables {
		if t.PsychotherapyNotes && !opt.PsychotherapyNotes {
			continue
		}
		n, e, err := s.exportTable(ctx, zw, tx, t, pr.ID)
		if err != nil {
			return m, err
		}
		m.Tables = append(m.Tables, TableCount{Name: t.Name, Rows: n})
		m.Entries = append(m.Entries, e)
	}
	files, _ := tableByName("files")
	cols := []store.ArchiveColumn{{Name: "id"}, {Name: "size_bytes", Kind: store.KindInt}, {Name: "sha256"}}
	err = store.ArchiveRows(ctx, tx, files, cols, pr.ID, func(v []any) error {
		f := model.File{ID: v[0].(string), Size: v[1].(int64), SHA256: v[2].(string)}
		e, err := s.exportFile(ctx, zw, f)
		m.Entries = append(m.Entries, e)
		m.Files++
		return err
	})
	if err != nil {
		return m, err
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: m.ExportedAt})
	if err != nil {
		return m, fmt.Errorf("archive: export: %w", err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return m, fmt.Errorf("archive: export: %w", err)
	}
	if err := zw.Close(); err != nil {
		return m, fmt.Errorf("archive: export: %w", err)
	}
	return m, nil
}

// event is the audit event of an export or import by p (the operator when p is zero).
func (s *Service) event(p model.Principal, practiceID, action, detail string) model.AuditEvent {
	e := model.AuditEvent{PracticeID: practiceID, At: s.now(), ActorType: model.ActorSystem, Action: action,
		RecordType: "practice", RecordID: practiceID, Outcome: model.OutcomeSuccess, Detail: detail}
	if p.StaffID != "" {
		e.ActorType, e.ActorID, e.ActorRole, e.IP = model.ActorStaff, p.StaffID, string(p.Role), p.IP
	}
	return e
}

func tableByName(name string) (store.ArchiveTable, bool) {
	i := slices.IndexFunc(store.ArchiveTables, func(t store.ArchiveTable) bool { return t.Name == name })
	if i < 0 {
		return store.ArchiveTable{}, false
	}
	return store.ArchiveTables[i], true
}

// hashingWriter counts and hashes what goes into an entry.
type hashingWriter struct {
	w   io.Writer
	sum hash.Hash
	n   int64
}

func newHashingWriter(w io.Writer) *hashingWriter { return &hashingWriter{w: w, sum: sha256.New()} }

func (h *hashingWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.sum.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashingWriter) entry(name string) Entry {
	return Entry{Name: name, Bytes: h.n, SHA256: hex.EncodeToString(h.sum.Sum(nil))}
}

// exportTable writes the practice's rows of t as JSON lines, one object of column → value per row.
func (s *Service) exportTable(ctx context.Context, zw *zip.Writer, q store.Q, t store.ArchiveTable, practiceID string) (int64, Entry, error) {
	name := tableEntry(t.Name)
	all, err := store.TableColumns(ctx, s.Store.DB, q, t.Name)
	if err != nil {
		return 0, Entry{}, err
	}
	cols := slices.DeleteFunc(all, func(c store.ArchiveColumn) bool { return slices.Contains(t.Skip, c.Name) })
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		k, _ := json.Marshal(c.Name)
		keys[i] = append(k, ':')
	}
	raw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.now()})
	if err != nil {
		return 0, Entry{}, fmt.Errorf("archive: export %s: %w", t.Name, err)
	}
	hw := newHashingWriter(raw)
	var n int64
	var line []byte
	err = store.ArchiveRows(ctx, q, t, cols, practiceID, func(vals []any) error {
		line = append(line[:0], '{')
		for i, v := range vals {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(line, keys[i]...)
			var err error
			if line, err = appendValue(line, cols[i].Kind, v); err != nil {
				return fmt.Errorf("archive: export %s.%s: %w", t.Name, cols[i].Name, err)
			}
		}
		line = append(line, '}', '\n')
		n++
		_, err := hw.Write(line)
		return err
	})
	if err != nil {
		return 0, Entry{}, err
	}
	return n, hw.entry(name), nil
}

// exportFile writes a file's content, decrypted and checked against its SHA-256 as it is read.
func (s *Service) exportFile(ctx context.Context, zw *zip.Writer, f model.File) (Entry, error) {
	name := fileEntry(f.ID)
	r, err := s.Files.Read(ctx, f)
	if err != nil {
		return Entry{}, fmt.Errorf("archive: export file %s: %w", f.ID, err)
	}
	defer r.Close()
	// Content is stored as it is: most uploads (PDF, images, office files) are compressed already.
	raw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: s.now()})
	if err != nil {
		return Entry{}, fmt.Errorf("archive: export file %s: %w", f.ID, err)
	}
	hw := newHashingWriter(raw)
	if _, err := io.Copy(hw, r); err != nil {
		return Entry{}, fmt.Errorf("archive: export file %s: %w", f.ID, err)
	}
	return hw.entry(name), nil
}

// MayExport answers whether p may export their practice's archive (owners only); model.ErrForbidden if not.
func MayExport(p model.Principal) error {
	if !authz.Can(authz.Who{Principal: p}, authz.Export, authz.On(authz.PracticeArchive)) {
		return model.ErrForbidden
	}
	return nil
}

// ExportFor writes p's practice's archive to w when p may export it (MayExport), audited as theirs.
func (s *Service) ExportFor(ctx context.Context, w io.Writer, p model.Principal, psychotherapyNotes bool) (Manifest, error) {
	if err := MayExport(p); err != nil {
		return Manifest{}, err
	}
	return s.Export(ctx, w, p.PracticeID, ExportOptions{By: p, PsychotherapyNotes: psychotherapyNotes})
}

// FileName is the name a downloaded archive is saved under: the practice's slug and the date.
func FileName(slug string, at time.Time) string {
	return "tend-" + slug + "-" + at.UTC().Format("2006-01-02") + ".zip"
}
