package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/archive"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Proves IM-2: Settings → Export downloads the owner's practice as an archive, with psychotherapy notes
// only when the box is ticked, and the API streams the same; the export is audited with that choice.
// A clinician's request downloads nothing (the route matrix proves every other role is refused).
func TestPracticeExportDownload(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, owner := h.Setup()
		h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if page := string(c.Get("/settings").Body); !strings.Contains(page, `href="/settings/export"`) {
			t.Fatal("Settings does not link Export for the owner")
		}
		if page := string(c.Get("/settings/export").Body); !strings.Contains(page, "Include psychotherapy notes") {
			t.Fatal("the export page does not offer psychotherapy notes as a choice")
		}
		manifest := func(r apptest.Response) archive.Manifest {
			t.Helper()
			if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" ||
				!strings.Contains(r.Header.Get("Content-Disposition"), `attachment; filename="tend-`+pr.Slug+`-`) {
				t.Fatalf("download: %d %v", r.StatusCode, r.Header)
			}
			zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
			if err != nil {
				t.Fatal(err)
			}
			f, err := zr.Open(archive.ManifestName)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var m archive.Manifest
			b, _ := io.ReadAll(f)
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			return m
		}
		m := manifest(c.Post("/settings/export", url.Values{}))
		if m.PsychotherapyNotes || m.Practice.ID != pr.ID || len(m.Tables) == 0 {
			t.Errorf("the plain download's manifest: %+v", m)
		}
		if m := manifest(c.Post("/settings/export", url.Values{"psychotherapy_notes": {"on"}})); !m.PsychotherapyNotes {
			t.Error("ticking the box left psychotherapy notes out")
		}
		if m := manifest(c.Do("GET", "/api/v1/practice/archive?psychotherapy_notes=true", "", nil)); !m.PsychotherapyNotes {
			t.Error("the API left psychotherapy notes out")
		}
		if r := c.Do("GET", "/api/v1/practice/archive?psychotherapy_notes=maybe", "", nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("psychotherapy_notes=maybe: %d", r.StatusCode)
		}
		var details []string
		rows, err := d.R.Query(`SELECT detail FROM audit_events WHERE action = 'practice.export' AND actor_id = $1 ORDER BY seq`, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			details = append(details, s)
		}
		rows.Close()
		want := []string{`{"psychotherapy_notes":false}`, `{"psychotherapy_notes":true}`, `{"psychotherapy_notes":true}`}
		if strings.Join(details, " ") != strings.Join(want, " ") {
			t.Errorf("audited exports: %v, want %v", details, want)
		}
		cal := h.Client()
		cal.Login("cal@example.org", apptest.StrongPassword)
		if r := cal.Post("/settings/export", url.Values{}); r.StatusCode == http.StatusOK || r.Header.Get("Content-Type") == "application/zip" {
			t.Errorf("a clinician's download: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
	})
}
