package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// multipartFiles counts the temporary files net/http makes for multipart parts too large for memory.
func multipartFiles(t *testing.T) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// Issue 12, item 4: a multipart upload to a page that takes none is refused before it is read, so it
// leaves nothing in the temporary folder (before, a 40 MB part to /login stayed there for good), and
// every page body is bounded.
// Proves TR-3.
func TestPagesRefuseUploadsAndHugeBodies(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		before := multipartFiles(t)
		for _, path := range []string{"/login", "/portal/login"} {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("email", "owner@example.org")
			fw, _ := mw.CreateFormFile("file", "big.bin")
			fw.Write(bytes.Repeat([]byte("x"), 40<<20))
			mw.Close()
			r := h.Client().Do("POST", path, mw.FormDataContentType(), &body)
			if r.StatusCode != http.StatusUnsupportedMediaType {
				t.Errorf("multipart to %s: %d, want 415", path, r.StatusCode)
			}
		}
		if after := multipartFiles(t); after > before {
			t.Errorf("%d temporary upload files left behind", after-before)
		}
		huge := "email=" + strings.Repeat("a", 3<<20)
		r := h.Client().Do("POST", "/login", "application/x-www-form-urlencoded", io.NopCloser(strings.NewReader(huge)))
		if r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("a 3 MiB form: %d, want 413", r.StatusCode)
		}
	})
}
