package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Imported is what an import rebuilt.
type Imported struct {
	PracticeID, Slug string
	// SlugChanged is set when the archive's slug was taken here and the practice got another.
	SlugChanged bool
	Rows        int64
	Tables      int
	Files       int
	// Remapped counts the ids that were taken here and replaced, every reference with them.
	Remapped int
	// MergedAccounts counts portal accounts whose email already had an account here: their people sign
	// in with that one.
	MergedAccounts int
}

// maxManifest bounds the manifest an import reads into memory.
const maxManifest = 64 << 20

// Import rebuilds the archive's practice on this installation, in one transaction: nothing is written
// unless every entry matches the manifest and every row goes in. It refuses an archive from a newer
// Tend, entry names that are not the archive's own (path traversal), and damaged entries. Ids already
// taken here are replaced with new ones, and every reference follows.
//
// Staff keep their password hashes; sessions, API tokens, calendar feed addresses and two-step secrets
// are not in an archive, so everyone signs in again and sets those up anew.
func (s *Service) Import(ctx context.Context, r io.ReaderAt, size int64) (Imported, error) {
	var out Imported
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return out, fmt.Errorf("%w: not a zip file (%v)", ErrDamaged, err)
	}
	m, entries, err := s.check(ctx, zr)
	if err != nil {
		return out, err
	}
	plan, err := s.plan(ctx, entries, m)
	if err != nil {
		return out, err
	}
	var restored []string
	err = s.Store.Tx(ctx, func(q store.Q) error {
		out, restored, err = s.write(ctx, q, entries, m, plan)
		return err
	})
	if err != nil {
		if len(restored) > 0 {
			err = errors.Join(err, s.Files.RemoveStored(context.WithoutCancel(ctx), restored))
		}
		return Imported{}, err
	}
	return out, nil
}

// safeName reports whether an entry's name is one an archive holds: the manifest, a table's lines, or
// a file's content named by its id; nothing that could point elsewhere.
func safeName(name string) bool {
	if name == ManifestName {
		return true
	}
	if strings.ContainsAny(name, `\:`) || path.Clean(name) != name || strings.HasPrefix(name, "/") {
		return false
	}
	dir, base, ok := strings.Cut(name, "/")
	if !ok || base == "" || strings.Contains(base, "/") || strings.Contains(base, "..") {
		return false
	}
	switch dir {
	case "tables":
		t, ok := strings.CutSuffix(base, ".jsonl")
		_, known := tableByName(t)
		return ok && known
	case "files":
		return uuidPattern.MatchString(base) && len(base) == 36
	}
	return false
}

// check reads the manifest, refuses unsafe names, a newer Tend and any entry missing, unlisted or
// damaged (every byte of every entry is hashed), before anything is written.
func (s *Service) check(ctx context.Context, zr *zip.Reader) (Manifest, map[string]*zip.File, error) {
	var m Manifest
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if !safeName(f.Name) {
			return m, nil, fmt.Errorf("%w: the archive holds an entry named %q, which is not a name Tend writes (it may point outside the archive); nothing was imported", ErrUnsafeName, f.Name)
		}
		if _, dup := entries[f.Name]; dup {
			return m, nil, fmt.Errorf("%w: the entry %q appears twice; nothing was imported", ErrDamaged, f.Name)
		}
		entries[f.Name] = f
	}
	mf, ok := entries[ManifestName]
	if !ok {
		return m, nil, fmt.Errorf("%w: the archive has no %s; is it a Tend practice archive?", ErrDamaged, ManifestName)
	}
	rc, err := mf.Open()
	if err != nil {
		return m, nil, fmt.Errorf("%w: reading the manifest: %v", ErrDamaged, err)
	}
	err = json.NewDecoder(io.LimitReader(rc, maxManifest)).Decode(&m)
	rc.Close()
	if err != nil {
		return m, nil, fmt.Errorf("%w: the manifest is not readable: %v", ErrDamaged, err)
	}
	latest, err := s.Store.DB.LatestVersion()
	if err != nil {
		return m, nil, err
	}
	if m.Format > Format || m.SchemaVersion > latest {
		return m, nil, fmt.Errorf("%w: the archive was written by Tend %s (archive format %d, schema %d); this Tend reads up to format %d, schema %d. "+
			"Upgrade Tend here to that version or newer, then import again; nothing was imported", ErrNewer, m.TendVersion, m.Format, m.SchemaVersion, Format, latest)
	}
	if m.Format < 1 || m.Practice.ID == "" {
		return m, nil, fmt.Errorf("%w: the manifest names no practice or format", ErrDamaged)
	}
	listed := map[string]bool{ManifestName: true}
	for _, e := range m.Entries {
		f, ok := entries[e.Name]
		if !ok {
			return m, nil, fmt.Errorf("%w: the entry %q listed in the manifest is missing; nothing was imported", ErrDamaged, e.Name)
		}
		listed[e.Name] = true
		if err := verify(ctx, f, e); err != nil {
			return m, nil, err
		}
	}
	for name := range entries {
		if !listed[name] {
			return m, nil, fmt.Errorf("%w: the entry %q is not listed in the manifest; nothing was imported", ErrDamaged, name)
		}
	}
	for _, t := range m.Tables {
		if _, ok := entries[tableEntry(t.Name)]; !ok {
			return m, nil, fmt.Errorf("%w: the table %s has no entry; nothing was imported", ErrDamaged, t.Name)
		}
	}
	return m, entries, nil
}

// verify hashes an entry and compares it with the manifest.
func verify(ctx context.Context, f *zip.File, e Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: the entry %q cannot be read: %v", ErrDamaged, e.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return fmt.Errorf("%w: the entry %q cannot be read: %v; nothing was imported", ErrDamaged, e.Name, err)
	}
	if n != e.Bytes || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		return fmt.Errorf("%w: the entry %q does not match its SHA-256 in the manifest; nothing was imported", ErrDamaged, e.Name)
	}
	return nil
}

// importPlan is what must change for the archive to fit this installation.
type importPlan struct {
	remap   remapper
	merged  map[string]bool // archive portal account ids that become this installation's accounts
	slug    string          // the practice's slug here
	changed bool
}

// plan reads the archive's ids and unique keys and compares them with this installation's: ids taken
// get new ones, portal accounts with an email known here join that account, a taken slug gets a
// number, and a staff email taken here is refused.
func (s *Service) plan(ctx context.Context, entries map[string]*zip.File, m Manifest) (importPlan, error) {
	p := importPlan{remap: remapper{}, merged: map[string]bool{}}
	q := s.Store.R()
	accountByEmail := map[string]string{}
	var staffEmails, groups []string
	for _, tc := range m.Tables {
		var ids []string
		err := eachRow(entries[tableEntry(tc.Name)], func(row map[string]any) error {
			if v, ok := row["id"].(string); ok {
				ids = append(ids, v)
			}
			switch tc.Name {
			case "practices":
				p.slug, _ = row["slug"].(string)
			case "staff":
				if e, ok := row["email_norm"].(string); ok {
					staffEmails = append(staffEmails, e)
				}
			case "portal_accounts":
				e, _ := row["email_norm"].(string)
				v, _ := row["id"].(string)
				accountByEmail[e] = v
			case "appointments":
				if g, ok := row["group_session_id"].(string); ok && g != "" {
					groups = append(groups, g)
				}
			}
			return nil
		})
		if err != nil {
			return p, err
		}
		if len(ids) == 0 {
			continue
		}
		taken, err := store.ExistingValues(ctx, q, tc.Name, "id", ids)
		if err != nil {
			return p, err
		}
		for v := range taken {
			p.remap[v] = id.New()
		}
	}
	// A group session's id is no row's id, but the appointments of one session share it (GR-6): where
	// this installation has it already (the same practice imported before), the copy's sessions get
	// new ones, so no two practices share a session.
	takenGroups, err := store.ExistingValues(ctx, q, "appointments", "group_session_id", groups)
	if err != nil {
		return p, err
	}
	for v := range takenGroups {
		p.remap[v] = id.New()
	}
	taken, err := store.ExistingValues(ctx, q, "staff", "email_norm", staffEmails)
	if err != nil {
		return p, err
	}
	if len(taken) > 0 {
		return p, fmt.Errorf("%w: %d of the archive's staff have an email that a staff member of this installation already signs in with "+
			"(a staff email is unique across an installation); change those emails in one of the two places and import again; nothing was imported", ErrCollision, len(taken))
	}
	emails := make([]string, 0, len(accountByEmail))
	for e := range accountByEmail {
		emails = append(emails, e)
	}
	known, err := store.PortalAccountsByEmail(ctx, q, emails)
	if err != nil {
		return p, err
	}
	for e, here := range known {
		p.remap[accountByEmail[e]] = here
		p.merged[accountByEmail[e]] = true
	}
	base := p.slug
	for i := 2; ; i++ {
		_, err := store.PracticeBySlug(ctx, q, p.slug)
		if errors.Is(err, model.ErrNotFound) {
			break
		}
		if err != nil {
			return p, err
		}
		p.slug, p.changed = fmt.Sprintf("%s-%d", base, i), true
	}
	return p, nil
}

// eachRow decodes an entry's JSON lines one at a time.
func eachRow(f *zip.File, fn func(map[string]any) error) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, f.Name, err)
	}
	defer rc.Close()
	dec := json.NewDecoder(rc)
	dec.UseNumber()
	for line := 1; ; line++ {
		var row map[string]any
		err := dec.Decode(&row)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %s, row %d: %v", ErrDamaged, f.Name, line, err)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// selfRef is a reference to a row of the same table, set once every row is in.
type selfRef struct {
	id, col string
	val     any
}

// write inserts every table's rows in the manifest's order of store.ArchiveTables, the files' content
// with the files' rows, re-chains the practice's audit events with this installation's key, and
// audits the import.
func (s *Service) write(ctx context.Context, q store.Q, entries map[string]*zip.File, m Manifest, p importPlan) (Imported, []string, error) {
	out := Imported{Slug: p.slug, SlugChanged: p.changed, MergedAccounts: len(p.merged)}
	for old := range p.remap {
		if !p.merged[old] {
			out.Remapped++
		}
	}
	out.PracticeID = p.remap.apply(m.Practice.ID)
	counts := map[string]int64{}
	for _, tc := range m.Tables {
		counts[tc.Name] = tc.Rows
	}
	var restored []string
	var prevHash string
	for _, t := range store.ArchiveTables {
		want, ok := counts[t.Name]
		if !ok {
			continue // an older archive, before the table existed
		}
		cols, err := store.TableColumns(ctx, s.Store.DB, q, t.Name)
		if err != nil {
			return out, restored, err
		}
		kinds := map[string]store.ColumnKind{}
		for _, c := range cols {
			kinds[c.Name] = c.Kind
		}
		var later []selfRef
		var n int64
		names := make([]string, 0, len(cols))
		vals := make([]any, 0, len(cols))
		err = eachRow(entries[tableEntry(t.Name)], func(row map[string]any) error {
			n++
			if t.Name == "portal_accounts" && p.merged[fmt.Sprint(row["id"])] {
				return nil
			}
			originalID, _ := row["id"].(string)
			for k := range row {
				if slices.Contains(t.Skip, k) {
					delete(row, k) // never archived by this Tend; an older one may have: it is the old installation's
					continue
				}
				if _, ok := kinds[k]; !ok {
					return fmt.Errorf("%w: %s, row %d: the column %q is not one this Tend has", ErrDamaged, t.Name, n, k)
				}
			}
			for k, v := range row {
				if str, ok := v.(string); ok {
					row[k] = p.remap.apply(str)
				}
			}
			switch t.Name {
			case "practices":
				row["slug"] = p.slug
			case "files":
				row["storage"] = s.Files.StorageKind()
			case "audit_events":
				e, err := auditEvent(row)
				if err != nil {
					return fmt.Errorf("%w: audit_events, row %d: %v", ErrDamaged, n, err)
				}
				e.PrevHash = prevHash
				prevHash = s.Audit.Hash(e)
				row["prev_hash"], row["hash"] = e.PrevHash, prevHash
			case "audit_chains":
				row["hash"] = prevHash
			}
			rowID, _ := row["id"].(string)
			for _, c := range t.SelfRefs {
				if row[c] != nil {
					later = append(later, selfRef{rowID, c, row[c]})
					row[c] = nil
				}
			}
			names, vals = names[:0], vals[:0]
			for _, c := range cols {
				v, ok := row[c.Name]
				if !ok {
					continue
				}
				cv, err := columnValue(c.Kind, v)
				if err != nil {
					return fmt.Errorf("%w: %s, row %d, column %s: %v", ErrDamaged, t.Name, n, c.Name, err)
				}
				names, vals = append(names, c.Name), append(vals, cv)
			}
			if err := store.InsertArchiveRow(ctx, q, t.Name, names, vals); err != nil {
				return fmt.Errorf("archive: %s, row %d: %w", t.Name, n, err)
			}
			if t.Name == "files" {
				restored = append(restored, rowID)
				return s.restoreFile(ctx, q, entries, row, originalID, rowID)
			}
			return nil
		})
		if err != nil {
			return out, restored, err
		}
		if n != want {
			return out, restored, fmt.Errorf("%w: %s holds %d rows, the manifest says %d; nothing was imported", ErrDamaged, t.Name, n, want)
		}
		for _, r := range later {
			if err := store.SetArchiveColumn(ctx, q, t.Name, r.col, r.val, r.id); err != nil {
				return out, restored, err
			}
		}
		out.Tables++
		out.Rows += n
	}
	out.Files = len(restored)
	if counts["practices"] != 1 {
		return out, restored, fmt.Errorf("%w: the archive holds %d practices, not one", ErrDamaged, counts["practices"])
	}
	// A tag's links are only ever to charts of the tag's practice; the client list's tag count relies on it.
	foreign, err := store.ForeignTagLinks(ctx, q, out.PracticeID)
	if err != nil {
		return out, restored, err
	}
	if foreign > 0 {
		return out, restored, fmt.Errorf("%w: %d of the archive's tag links join a chart and a tag of different practices; nothing was imported", ErrDamaged, foreign)
	}
	detail, _ := json.Marshal(map[string]any{"tables": out.Tables, "rows": out.Rows, "files": out.Files, "remapped": out.Remapped,
		"schema_version": m.SchemaVersion, "psychotherapy_notes": m.PsychotherapyNotes})
	return out, restored, s.Audit.Append(ctx, q, s.event(model.Principal{}, out.PracticeID, "practice.import", string(detail)))
}

// restoreFile stores a file's content from its entry, encrypted with this installation's key.
func (s *Service) restoreFile(ctx context.Context, q store.Q, entries map[string]*zip.File, row map[string]any, originalID, fileID string) error {
	f := model.File{ID: fileID}
	f.SHA256, _ = row["sha256"].(string)
	size, ok := row["size_bytes"].(json.Number)
	if !ok {
		return fmt.Errorf("%w: the file %s has no size", ErrDamaged, originalID)
	}
	var err error
	if f.Size, err = size.Int64(); err != nil {
		return fmt.Errorf("%w: the file %s: %v", ErrDamaged, originalID, err)
	}
	zf, ok := entries[fileEntry(originalID)]
	if !ok {
		return fmt.Errorf("%w: the content of file %s is missing; nothing was imported", ErrDamaged, originalID)
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("%w: the content of file %s: %v", ErrDamaged, originalID, err)
	}
	defer rc.Close()
	if err := s.Files.Restore(ctx, q, f, rc); err != nil {
		return fmt.Errorf("%w: the content of file %s: %v; nothing was imported", ErrDamaged, originalID, err)
	}
	return nil
}

// auditEvent reads an archived audit event, to hash it again with this installation's key.
func auditEvent(row map[string]any) (model.AuditEvent, error) {
	str := func(k string) string { s, _ := row[k].(string); return s }
	num := func(k string) (int64, error) {
		n, ok := row[k].(json.Number)
		if !ok {
			return 0, fmt.Errorf("%s is not a number", k)
		}
		return n.Int64()
	}
	seq, err := num("seq")
	if err != nil {
		return model.AuditEvent{}, err
	}
	at, err := num("at")
	if err != nil {
		return model.AuditEvent{}, err
	}
	return model.AuditEvent{ID: str("id"), Chain: str("chain"), Seq: seq, PracticeID: str("practice_id"), At: time.UnixMilli(at).UTC(),
		ActorType: str("actor_type"), ActorID: str("actor_id"), ActorRole: str("actor_role"), Action: str("action"),
		RecordType: str("record_type"), RecordID: str("record_id"), ChartID: str("chart_id"), IP: str("ip"),
		Outcome: str("outcome"), Detail: str("detail")}, nil
}
