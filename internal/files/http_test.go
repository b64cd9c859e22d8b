package files_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/testdb"
)

// Proves FL-1: uploads over HTTP (API and the chart's page), and downloads that are always attachments
// with the found type, nosniff and a sandbox; a stored copy damaged at its start is refused (409), one
// damaged further in breaks the download instead of completing it; the portal user downloads what is
// shared with them.
func TestHTTPUploadAndDownload(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.h.Client()
		c.Login(w.owner.Email, apptest.StrongPassword)
		content := pdf(2*files.ChunkSize + 10)
		ct, body := apptest.Multipart(t, "Hand-out für Jo.pdf", content, map[string]string{"shared": "true"})
		r := c.Do("POST", "/api/v1/clients/"+w.chart.ID+"/files", ct, body)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
		}
		var got map[string]any
		r.JSON(t, &got)
		fileID := got["id"].(string)
		if got["content_type"] != files.TypePDF || got["shared"] != true {
			t.Fatalf("uploaded %v", got)
		}
		for _, path := range []string{"/api/v1/files/" + fileID + "/content", "/clients/" + w.chart.ID + "/files/" + fileID + "/download"} {
			r = c.Get(path)
			h := r.Header
			if r.StatusCode != 200 || !bytes.Equal(r.Body, content) {
				t.Fatalf("%s: %d, %d bytes", path, r.StatusCode, len(r.Body))
			}
			want := map[string]string{"Content-Type": files.TypePDF, "X-Content-Type-Options": "nosniff",
				"Content-Security-Policy": "default-src 'none'; sandbox",
				"Content-Disposition":     `attachment; filename="Hand-out f_r Jo.pdf"; filename*=UTF-8''Hand-out%20f%C3%BCr%20Jo.pdf`}
			for k, v := range want {
				if h.Get(k) != v {
					t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
				}
			}
		}
		// The chart's page upload, refused by content: the message shows next to the field.
		ct, body = apptest.Multipart(t, "setup.pdf", []byte("MZ\x90\x00 this is a program"), map[string]string{"shared": "on"})
		r = c.Do("POST", "/clients/"+w.chart.ID+"/files", ct, body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "none of those") || !strings.Contains(string(r.Body), `id="f-file-error"`) {
			t.Fatalf("page upload of a program: %d", r.StatusCode)
		}
		ct, body = apptest.Multipart(t, "notes.txt", []byte("walk daily"), nil)
		if r = c.Do("POST", "/clients/"+w.chart.ID+"/files", ct, body); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients/"+w.chart.ID+"?tab=files" {
			t.Fatalf("page upload: %d", r.StatusCode)
		}

		// The portal user downloads the shared file.
		pc := w.h.Client()
		if r = pc.API("POST", "/api/v1/portal/login", map[string]string{"email": "jo@example.net", "password": "another correct horse battery staple"}); r.StatusCode != 200 {
			t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
		}
		r = pc.Get("/portal/c/" + w.self.accessID + "/files/" + fileID + "/download")
		if r.StatusCode != 200 || !bytes.Equal(r.Body, content) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("portal download: %d", r.StatusCode)
		}

		// A chunk damaged further in: the response starts, then breaks.
		tamper(t, w.h.App.Files, fileID, 1)
		resp, err := c.HTTP.Get(w.h.Server.URL + "/api/v1/files/" + fileID + "/content")
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil || bytes.Equal(b, content) || len(b) > files.ChunkSize {
			t.Fatalf("a damaged file downloaded whole: %d bytes, %v", len(b), err)
		}
		// Damaged at its start: refused before anything is sent.
		tamper(t, w.h.App.Files, fileID, 0)
		if r = c.Get("/api/v1/files/" + fileID + "/content"); r.StatusCode != http.StatusConflict {
			t.Fatalf("damaged at the start: %d", r.StatusCode)
		}
	})
}

// Bad input (issue 17): a 26 MB upload over HTTP is refused with the cap in the message.
// Proves FL-1.
func TestHTTPTooLarge(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.h.Client()
		c.Login(w.owner.Email, apptest.StrongPassword)
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			fw, _ := mw.CreateFormFile("file", "big.pdf")
			_, err := io.Copy(fw, io.LimitReader(&counting{}, 26<<20))
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		req, _ := http.NewRequestWithContext(context.Background(), "POST", w.h.Server.URL+"/api/v1/clients/"+w.chart.ID+"/files", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatalf("the server hung up without an answer: %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "larger than 25 MB") {
			t.Fatalf("26 MB: %d %s", resp.StatusCode, b)
		}
	})
}
