package files_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

func strp(s string) *string { return &s }

type world struct {
	h            *apptest.Harness
	owner, clin  model.Staff
	bil, other   model.Staff // billing; another practice's owner
	chart        model.Client
	self, second portal // two portal users of the chart, both with the files permission
}

type portal struct {
	pp       model.PortalPrincipal
	accessID string
}

func newWorld(t testing.TB, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	pr, owner := h.Setup()
	w := world{h: h, owner: owner}
	w.clin = h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	w.bil = h.AddStaff(owner, "Bill Billing", "bill@example.org", model.RoleBilling)
	_, w.other = h.AddPractice("Elsewhere", "else@example.org")
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Jo"), LastName: strp("Client"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	w.self = portalUser(t, h, pr, c, c.PersonID, "jo@example.net", model.AccessSelf)
	ct, err := h.App.Clients.AddContact(ctx, apptest.As(owner), c.ID, model.ContactInput{Relationship: model.RelParent,
		New: model.NewPerson{FirstName: "Pat", LastName: "Parent"}})
	if err != nil {
		t.Fatal(err)
	}
	w.second = portalUser(t, h, pr, c, ct.Person.ID, "pat@example.net", model.AccessContact)
	return w
}

func portalUser(t testing.TB, h *apptest.Harness, pr model.Practice, c model.Client, personID, email string, role model.AccessRole) portal {
	t.Helper()
	a := h.PortalUser(model.Client{ID: c.ID, PracticeID: pr.ID, PersonID: c.PersonID}, personID, email, email, "another correct horse battery staple", role, model.Features{model.FeatureFiles})
	return portal{pp: model.PortalPrincipal{AccountID: a.AccountID, Email: email}, accessID: a.ID}
}

// pdf is a PDF's start followed by n bytes of a pattern that cannot hide in ciphertext by chance.
func pdf(n int) []byte {
	return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("PLAINTEXT-MARKER "), n/17+1)[:n]...)
}

// services are the world's file service as configured (database storage) and one storing in a folder.
func services(t *testing.T, w world) map[string]*files.Service {
	db := w.h.App.Files
	dir := *db
	dir.Storage = files.Folder{Dir: t.TempDir()}
	return map[string]*files.Service{"db": db, "dir": &dir}
}

func read(t *testing.T, s *files.Service, p model.Principal, fileID string) ([]byte, error) {
	t.Helper()
	r, err := s.Open(context.Background(), p, "", fileID)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// storedBytes is everything the storage holds of a file.
func storedBytes(t *testing.T, s *files.Service, fileID string) []byte {
	t.Helper()
	var out []byte
	if f, ok := s.Storage.(files.Folder); ok {
		b, err := os.ReadFile(filepath.Join(f.Dir, fileID+".tend"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for n := 0; ; n += 16 {
		b, err := store.FileChunks(context.Background(), s.Store.R(), fileID, n, 16)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range b {
			out = append(out, c...)
		}
		if len(b) < 16 {
			return out
		}
	}
}

// Proves FL-1: a file round-trips through either storage, its stored bytes are never the plaintext, and a
// changed chunk is refused (at the start: before anything is sent; further in: the read fails).
func TestStoredEncryptedAndTamperRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		for kind, s := range services(t, w) {
			content := pdf(3*files.ChunkSize + 100)
			f, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "handout.pdf", Content: bytes.NewReader(content), Shared: true})
			if err != nil {
				t.Fatalf("%s: upload: %v", kind, err)
			}
			if f.ContentType != files.TypePDF || f.Size != int64(len(content)) || f.Storage != kind {
				t.Fatalf("%s: stored %+v", kind, f)
			}
			got, err := read(t, s, apptest.As(w.clin), f.ID)
			if err != nil || !bytes.Equal(got, content) {
				t.Fatalf("%s: download = %d bytes, %v", kind, len(got), err)
			}
			stored := storedBytes(t, s, f.ID)
			if len(stored) < len(content) || bytes.Contains(stored, []byte("PLAINTEXT-MARKER")) || bytes.Contains(stored, []byte("%PDF")) {
				t.Fatalf("%s: the stored bytes show the plaintext (%d bytes)", kind, len(stored))
			}
			// Tamper with the second chunk: the first is served, the read then fails.
			tamper(t, s, f.ID, 1)
			if got, err := read(t, s, apptest.As(w.clin), f.ID); !errors.Is(err, files.ErrTampered) || len(got) > files.ChunkSize {
				t.Fatalf("%s: tampered chunk 1: %d bytes, %v", kind, len(got), err)
			}
			// Tamper with the first: refused before any byte.
			tamper(t, s, f.ID, 0)
			if _, err := s.Open(ctx, apptest.As(w.clin), "", f.ID); !errors.Is(err, files.ErrTampered) {
				t.Fatalf("%s: tampered chunk 0 opened: %v", kind, err)
			}
		}
	})
}

// tamper flips one byte in the middle of chunk n as stored.
func tamper(t *testing.T, s *files.Service, fileID string, n int) {
	t.Helper()
	ctx := context.Background()
	if f, ok := s.Storage.(files.Folder); ok {
		p := filepath.Join(f.Dir, fileID+".tend")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// Each record: 4 bytes of length, then the sealed chunk; full chunks are all one length.
		rec := 4 + 12 + files.ChunkSize + 16
		b[n*rec+4+12+100] ^= 0xFF
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := store.FileChunks(ctx, s.Store.R(), fileID, n, 1)
	if err != nil || len(b) != 1 {
		t.Fatal(err)
	}
	c := append([]byte(nil), b[0]...)
	c[len(c)/2] ^= 0xFF
	err = s.Store.Tx(ctx, func(q store.Q) error {
		_, err := q.ExecContext(ctx, `UPDATE file_chunks SET data = $1 WHERE file_id = $2 AND n = $3`, c, fileID, n)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		fw, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Proves FL-1: the type is found in the content, never the name; refused uploads leave nothing stored.
func TestTypesAndBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := w.h.App.Files
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		ok := []struct {
			name    string
			content []byte
			want    string
		}{
			{"a.pdf", pdf(10), files.TypePDF},
			{"b.bin", png, files.TypePNG},
			{"c.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, files.TypeJPEG},
			{"d.heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), files.TypeHEIC},
			{"e.docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), files.TypeDOCX},
			{"f.xlsx", zipWith(t, "[Content_Types].xml", "xl/workbook.xml"), files.TypeXLSX},
			{"g.txt", []byte("Notes for the week: walk, sleep — café ☕"), files.TypeTXT},
			{"Ünïcode name (1).txt", []byte(strings.Repeat("é", files.ChunkSize)), files.TypeTXT}, // a character cut between chunks
		}
		for _, c := range ok {
			f, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: c.name, Content: bytes.NewReader(c.content)})
			if err != nil || f.ContentType != c.want {
				t.Errorf("%s: %v, %q; want %q", c.name, err, f.ContentType, c.want)
			}
		}
		before, err := s.List(ctx, apptest.As(w.clin), w.chart.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name    string
			content []byte
			says    string
		}{
			{"setup.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 600)...), "none of those"},
			{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "none of those"},
			{"page.txt", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "none of those"},
			{"x.xml", []byte(`<?xml version="1.0"?><svg/>`), "none of those"},
			{"nul.txt", []byte("hello\x00world"), "none of those"},
			{"latin1.txt", []byte("caf\xe9 au lait"), "none of those"},
			{"other.zip", zipWith(t, "readme.md"), "none of those"},
			{"empty.pdf", nil, "empty"},
			{"../etc/passwd.pdf", pdf(10), "folder separator"},
			{`dir\a.pdf`, pdf(10), "folder separator"},
			{"line\nbreak.pdf", pdf(10), "control character"},
			{"", pdf(10), "Choose a file"},
		}
		for _, c := range bad {
			_, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: c.name, Content: bytes.NewReader(c.content)})
			var ve *model.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(ve.Fields["file"], c.says) {
				t.Errorf("%q: %v; want a file error saying %q", c.name, err, c.says)
			}
		}
		after, err := s.List(ctx, apptest.As(w.clin), w.chart.ID, "")
		if err != nil || len(after.Items) != len(before.Items) {
			t.Fatalf("refused uploads stored something: %d → %d files, %v", len(before.Items), len(after.Items), err)
		}
	})
}

// counting is an endless PDF that counts how much was read of it.
type counting struct{ n int64 }

func (c *counting) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	if c.n == 0 && len(p) >= 5 {
		copy(p, "%PDF-")
	}
	c.n += int64(len(p))
	return len(p), nil
}

// Bad input (issue 17): a 26 MB upload is refused while it streams: reading stops just past the cap.
// Proves FL-1.
func TestTooLargeRefusedWhileStreaming(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		s := w.h.App.Files
		src := &counting{}
		_, err := s.Upload(context.Background(), apptest.As(w.clin), w.chart.ID, files.Upload{Name: "big.pdf", Content: io.LimitReader(src, 26<<20)})
		var ve *model.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["file"], "larger than 25 MB") {
			t.Fatalf("26 MB: %v", err)
		}
		if src.n > 25<<20+2*files.ChunkSize {
			t.Fatalf("read %d bytes of a 26 MB upload before refusing it", src.n)
		}
	})
}

// Proves FL-1, PT-7, PT-12: who sees which file. Billing and another practice get 404; a portal user
// sees shared files and their own uploads, never another portal user's private upload.
func TestWhoSeesFiles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := w.h.App.Files
		private, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "private.pdf", Content: bytes.NewReader(pdf(50))})
		if err != nil {
			t.Fatal(err)
		}
		shared, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "shared.pdf", Content: bytes.NewReader(pdf(50)), Shared: true})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := s.PortalUpload(ctx, w.self.pp, w.self.accessID, files.Upload{Name: "photo.txt", Content: strings.NewReader("my diary")})
		if err != nil || mine.Shared || mine.UploadedByAccountID != w.self.pp.AccountID {
			t.Fatalf("portal upload: %+v, %v", mine, err)
		}
		// Billing staff never learn files exist: no Files tab, and every address answers like a missing one.
		if caps, err := s.CapsOn(ctx, apptest.As(w.bil), w.chart); err != nil || caps.View || caps.Upload {
			t.Errorf("billing's caps: %+v, %v", caps, err)
		}
		if caps, err := s.CapsOn(ctx, apptest.As(w.clin), w.chart); err != nil || !caps.View || !caps.Upload || !caps.Change || !caps.Delete {
			t.Errorf("the clinician's caps: %+v, %v", caps, err)
		}
		if _, err := s.List(ctx, apptest.As(w.bil), w.chart.ID, ""); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("billing lists files: %v", err)
		}
		for _, who := range []model.Staff{w.bil, w.other} {
			if _, _, err := s.Get(ctx, apptest.As(who), "", shared.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: get = %v, want not found", who.Email, err)
			}
			if _, err := read(t, s, apptest.As(who), shared.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: download = %v, want not found", who.Email, err)
			}
		}
		ids := func(p portal) []string {
			l, err := s.PortalList(ctx, p.pp, p.accessID, "")
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range l.Items {
				out = append(out, f.Name)
			}
			return out
		}
		if got := strings.Join(ids(w.self), ","); got != "photo.txt,shared.pdf" {
			t.Errorf("the client sees %s", got)
		}
		if got := strings.Join(ids(w.second), ","); got != "shared.pdf" {
			t.Errorf("the other portal user sees %s", got)
		}
		for _, fid := range []string{private.ID, mine.ID} {
			if _, err := s.PortalOpen(ctx, w.second.pp, w.second.accessID, fid); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("the other portal user opened %s: %v", fid, err)
			}
		}
		r, err := s.PortalOpen(ctx, w.self.pp, w.self.accessID, mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if string(b) != "my diary" {
			t.Fatalf("own upload = %q", b)
		}
		// Staff share the client's upload: the other portal user sees it now.
		if _, err := s.SetShared(ctx, apptest.As(w.clin), "", mine.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(w.second), ","); got != "photo.txt,shared.pdf" {
			t.Errorf("after sharing, the other portal user sees %s", got)
		}
		// Uploads and shares are audited with ids only: the file's name is nowhere in the log.
		rows, err := s.Store.R().QueryContext(ctx, `SELECT action, record_type, detail FROM audit_events WHERE record_id = $1 ORDER BY at, seq`, mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for rows.Next() {
			var action, recordType, detail string
			if err := rows.Scan(&action, &recordType, &detail); err != nil {
				t.Fatal(err)
			}
			if recordType == "file" {
				actions = append(actions, action)
			}
			if strings.Contains(detail, "photo") {
				t.Errorf("the audit log names the file: %q", detail)
			}
		}
		rows.Close()
		for _, want := range []string{"portal.file.upload", "chart.file.share"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit of the client's upload: %v lacks %s", actions, want)
			}
		}
	})
}

// Proves FL-1: deleting a chart deletes its files, in the database and in a folder.
func TestChartDeletionRemovesFiles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		dir := t.TempDir()
		s := w.h.App.Files
		inDB, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "a.pdf", Content: bytes.NewReader(pdf(100))})
		if err != nil {
			t.Fatal(err)
		}
		// The same service storing in a folder, as TEND_FILES_DIR makes it; the chart deletion removes it.
		s.Storage = files.Folder{Dir: dir}
		t.Cleanup(func() { s.Storage = files.Database{Store: s.Store} })
		inDir, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "b.pdf", Content: bytes.NewReader(pdf(100))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, inDir.ID+".tend")); err != nil {
			t.Fatal(err)
		}
		if err := w.h.App.Clients.Delete(ctx, apptest.As(w.owner), w.chart.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.Store.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM file_chunks WHERE file_id = $1`, inDB.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("chunks left: %d, %v", n, err)
		}
		if _, err := store.FileByID(ctx, s.Store.R(), w.owner.PracticeID, inDB.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("file row left: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, inDir.ID+".tend")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("folder file left: %v", err)
		}
		// A bulk deletion removes the folder's files too.
		c2, err := w.h.App.Clients.Create(ctx, apptest.As(w.owner), model.ClientChange{FirstName: strp("Sam"), LastName: strp("Second"), AssignedClinicianID: &w.clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		f2, err := s.Upload(ctx, apptest.As(w.clin), c2.ID, files.Upload{Name: "c.pdf", Content: bytes.NewReader(pdf(100))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.h.App.Clients.Bulk(ctx, apptest.As(w.owner), "delete", []string{c2.ID}, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, f2.ID+".tend")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("folder file left after a bulk deletion: %v", err)
		}
	})
}

// Proves PT-12: on a family chart one member's upload is private to them and staff; the other member
// sees only what staff share.
func TestFamilyMemberUploadIsPrivate(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := w.h.App.Files
		pr, err := store.PracticeByID(ctx, s.Store.R(), w.owner.PracticeID)
		if err != nil {
			t.Fatal(err)
		}
		g, err := w.h.App.Clients.CreateGroup(ctx, apptest.As(w.owner), clients.GroupInput{
			Change:  model.ClientChange{GroupName: strp("Client family"), AssignedClinicianID: &w.clin.ID},
			Members: []model.MemberInput{{ClientID: w.chart.ID}, {New: model.NewPerson{FirstName: "Sky", LastName: "Client"}}}})
		if err != nil {
			t.Fatal(err)
		}
		members, err := w.h.App.Clients.Members(ctx, apptest.As(w.owner), g.ID)
		if err != nil || len(members) != 2 {
			t.Fatalf("members: %d, %v", len(members), err)
		}
		other := members[0].Client.PersonID
		if other == w.chart.PersonID {
			other = members[1].Client.PersonID
		}
		a := portalUser(t, w.h, pr, g, w.chart.PersonID, "jo.family@example.net", model.AccessMember)
		b := portalUser(t, w.h, pr, g, other, "sky@example.net", model.AccessMember)
		mine, err := s.PortalUpload(ctx, a.pp, a.accessID, files.Upload{Name: "journal.txt", Content: strings.NewReader("only mine")})
		if err != nil {
			t.Fatal(err)
		}
		if l, err := s.PortalList(ctx, b.pp, b.accessID, ""); err != nil || len(l.Items) != 0 {
			t.Fatalf("the other member lists %d files, %v", len(l.Items), err)
		}
		if _, err := s.PortalGet(ctx, b.pp, b.accessID, mine.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("the other member opened the upload: %v", err)
		}
		if l, err := s.List(ctx, apptest.As(w.clin), g.ID, ""); err != nil || len(l.Items) != 1 || l.Items[0].ID != mine.ID {
			t.Fatalf("staff do not see the member's upload: %+v, %v", l.Items, err)
		}
		if l, err := s.PortalList(ctx, a.pp, a.accessID, ""); err != nil || len(l.Items) != 1 {
			t.Fatalf("the uploader lists %d files, %v", len(l.Items), err)
		}
	})
}
