package imports_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/testdb"
)

// Proves IM-1: the wizard's pages without a browser: upload, the mapping form with the proposal,
// the preview with problems and duplicates, import, summary, undo.
func TestPages(t *testing.T) {
	w := newWorld(t, testdb.SQLite(t))
	c := w.h.Client()
	c.Login("owner@example.org", apptest.StrongPassword)
	ct, body := apptest.Multipart(t, "export.csv", []byte("Vorname;Nachname;Geburtsdatum\nJ\xf6rg;M\xfcller;24.12.1970\nBad;Datum;31.02.1990\n"), nil)
	r := c.Do("POST", "/clients/import", ct, body)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	loc := r.Header.Get("Location")
	r = c.Get(loc)
	if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "Windows-1252") || !strings.Contains(string(r.Body), "Jörg") {
		t.Fatalf("mapping page: %d", r.StatusCode)
	}
	r = c.Post(loc+"/mapping", url.Values{"col_0": {"first_name"}, "col_1": {"last_name"}, "col_2": {"date_of_birth"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("mapping: %d %s", r.StatusCode, r.Body)
	}
	r = c.Get(loc + "/preview")
	if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "import-problems") || !strings.Contains(string(r.Body), "1970-12-24") {
		t.Fatalf("preview: %d %s", r.StatusCode, r.Body)
	}
	r = c.Post(loc+"/commit", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("commit: %d %s", r.StatusCode, r.Body)
	}
	if r = c.Get(loc); !strings.Contains(string(r.Body), `id="progress"`) {
		t.Errorf("progress page: %s", r.Body)
	}
	w.h.RunJobs()
	if r = c.Get(loc); !strings.Contains(string(r.Body), "Imported: <strong>1</strong> new client,") {
		t.Errorf("summary: %s", r.Body)
	}
	if r = c.Post(loc+"/undo", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", r.StatusCode)
	}
	if r = c.Get(loc); !strings.Contains(string(r.Body), "This import was undone") {
		t.Errorf("after undo: %s", r.Body)
	}
}
