package httpx

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Issue 19, item 3: pages, styles, scripts and JSON are gzipped for clients that accept it; small
// bodies, downloads (attachments, PDFs, zips), event streams and clients that do not accept gzip get
// the bytes as they are; every answer says it varies by Accept-Encoding.
func TestCompress(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("<p>Ada Lovelace, 1815–1852</p>\n", 200)
	serve := func(ctype, disposition, body string) http.Handler {
		return Compress(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ctype)
			if disposition != "" {
				w.Header().Set("Content-Disposition", disposition)
			}
			for len(body) > 0 { // in pieces, as templates and encoders write
				n := min(len(body), 300)
				_, _ = io.WriteString(w, body[:n])
				body = body[n:]
			}
		}))
	}
	cases := []struct {
		name, accept, ctype, disposition, body string
		gzipped                                bool
	}{
		{"html", "gzip, deflate, br", "text/html; charset=utf-8", "", big, true},
		{"json", "gzip", "application/json", "", big, true},
		{"css", "br;q=1.0, gzip;q=0.8", "text/css; charset=utf-8", "", big, true},
		{"js", "*", "text/javascript; charset=utf-8", "", big, true},
		{"not asked", "", "text/html; charset=utf-8", "", big, false},
		{"refused", "gzip;q=0, identity", "text/html; charset=utf-8", "", big, false},
		{"small", "gzip", "text/html; charset=utf-8", "", "<p>hi</p>", false},
		{"csv download", "gzip", "text/csv; charset=utf-8", `attachment; filename="clients.csv"`, big, false},
		{"html download", "gzip", "text/html; charset=utf-8", `attachment; filename="page.html"`, big, false},
		{"pdf", "gzip", "application/pdf", `inline; filename="note.pdf"`, big, false},
		{"zip", "gzip", "application/zip", "", big, false},
		{"event stream", "gzip", "text/event-stream", "", big, false},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		serve(c.ctype, c.disposition, c.body).ServeHTTP(rec, req)
		if got := rec.Header().Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s: Vary %q", c.name, got)
		}
		got := rec.Body.String()
		if gz := rec.Header().Get("Content-Encoding") == "gzip"; gz != c.gzipped {
			t.Errorf("%s: gzipped %v, want %v", c.name, gz, c.gzipped)
			continue
		}
		if c.gzipped {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got = string(b)
			if rec.Body.Len() > len(c.body)/4 {
				t.Errorf("%s: %d bytes compressed from %d", c.name, rec.Body.Len(), len(c.body))
			}
		}
		if got != c.body {
			t.Errorf("%s: body changed (%d bytes, want %d)", c.name, len(got), len(c.body))
		}
	}
}

// A streamed answer still streams when compressed: what the handler flushed reaches the client before
// the handler ends (progress pages, long exports).
func TestCompressStreams(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(Compress(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"first": "`+strings.Repeat("a", 2000)+`"}`+"\n")
		_ = http.NewResponseController(w).Flush()
		<-release
		_, _ = io.WriteString(w, `{"second": true}`+"\n")
	})))
	defer srv.Close()
	defer close(release)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := srv.Client().Transport.RoundTrip(req) // the raw transport: no transparent decompression
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(zr).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if !strings.HasPrefix(s, `{"first"`) {
			t.Fatalf("first line %q", s[:min(len(s), 20)])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the flushed part did not arrive while the handler was still running")
	}
}

// A HEAD or range request, and an answer without a body, pass untouched.
func TestCompressPassesUntouched(t *testing.T) {
	t.Parallel()
	h := Compress(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNoContent)
	}))
	for _, method := range []string{"GET", "HEAD"} {
		req := httptest.NewRequest(method, "/", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNoContent || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 0 {
			t.Errorf("%s: %d %q %d bytes", method, rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	}
}

// Issue 19, item 3: pages and JSON are made for each request, so they are gzipped at a fast level; style
// sheets and scripts, sent once and cached, at the default level, which makes them smaller. Both decode to
// the same bytes.
func TestCompressLevels(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "<tr><td>client %d</td><td>%d@example.org</td><td>%x</td></tr>\n", i, i*7919, i*104729)
	}
	body := b.String()
	sizes := map[string]int{}
	for _, ctype := range []string{"text/html; charset=utf-8", "text/css; charset=utf-8"} {
		h := Compress(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ctype)
			_, _ = io.WriteString(w, body)
		}))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: not gzipped", ctype)
		}
		sizes[ctype] = rec.Body.Len()
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || string(got) != body {
			t.Fatalf("%s: the body does not decode to what was written (%v)", ctype, err)
		}
	}
	if html, css := sizes["text/html; charset=utf-8"], sizes["text/css; charset=utf-8"]; css >= html {
		t.Errorf("a style sheet gzipped to %d bytes and the same page to %d: want the style sheet at the default level, smaller", css, html)
	}
}
