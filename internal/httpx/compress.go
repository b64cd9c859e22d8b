package httpx

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// compressMin is the smallest body worth compressing: below it gzip's header and trailer eat the gain.
const compressMin = 1024

// compressible are the content types worth compressing, text Tend writes itself, each with its writers.
// Pages and JSON, made anew for each request, are compressed at a fast level: gzip's default level took
// a quarter of the client list page's time in its server (0.3 ms for its 68 KB) for 7% fewer bytes than
// level 2 (0.1 ms). Style sheets, scripts and icons, sent once and then cached, keep the default level,
// which keeps a first visit under 20 KB. Images, PDFs, zips and other already-compressed types, event
// streams and anything else pass as they are.
var compressible = map[string]*sync.Pool{
	"text/html": &fastWriters, "application/json": &fastWriters, "application/problem+json": &fastWriters,
	"text/css": &gzipWriters, "text/javascript": &gzipWriters, "application/javascript": &gzipWriters,
	"application/manifest+json": &gzipWriters, "image/svg+xml": &gzipWriters,
}

// fastLevel is the gzip level of pages and JSON.
const fastLevel = 2

// gzipWriters and fastWriters are reused between responses: a new gzip.Writer allocates about a
// megabyte of tables.
var (
	gzipWriters = sync.Pool{New: func() any { return newGzip(gzip.DefaultCompression) }}
	fastWriters = sync.Pool{New: func() any { return newGzip(fastLevel) }}
)

func newGzip(level int) *gzip.Writer {
	w, _ := gzip.NewWriterLevel(nil, level)
	return w
}

// Compress gzips responses of a compressible type (HTML, CSS, JavaScript, JSON) of at least compressMin
// bytes for clients that accept gzip, and marks every response Vary: Accept-Encoding. Never compressed:
// file downloads (Content-Disposition: attachment, which covers CSV exports, PDFs and archives), bodies
// already encoded, range requests, HEAD, and responses without a body. A handler that flushes (a
// streamed export, a progress page) still streams: Flush sends what gzip holds so far.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || r.Header.Get("Range") != "" || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		cw.close()
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip (or any coding, "*"), q=0 refusing it.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// compressWriter holds the first bytes of a response until it knows whether to compress it: once
// compressMin bytes arrived, the handler flushed, or it finished.
type compressWriter struct {
	http.ResponseWriter
	code    int  // status the handler wrote, 0 while none
	decided bool // headers sent, compressing or not
	gz      *gzip.Writer
	pool    *sync.Pool // where gz came from and goes back
	buf     []byte     // held bytes, before deciding
}

func (w *compressWriter) WriteHeader(code int) {
	if w.decided || w.code != 0 {
		return
	}
	if code < 200 { // informational answers pass (103 Early Hints); the real one follows
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.code = code
	if !w.wants(compressMin) { // nothing to hold back for
		w.decide(false)
	}
}

func (w *compressWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.decided {
		w.buf = append(w.buf, b...)
		if len(w.buf) < compressMin {
			return len(b), nil
		}
		if err := w.decide(w.wants(len(w.buf))); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// wants reports whether a response of at least n bytes with the headers set so far should be compressed.
func (w *compressWriter) wants(n int) bool { return w.writers(n) != nil }

// writers is where the gzip writers of a response of at least n bytes with the headers set so far come
// from, nil when it is not compressed.
func (w *compressWriter) writers(n int) *sync.Pool {
	h := w.Header()
	if w.code == http.StatusNoContent || w.code == http.StatusNotModified || w.code == http.StatusPartialContent ||
		h.Get("Content-Encoding") != "" || strings.HasPrefix(strings.ToLower(h.Get("Content-Disposition")), "attachment") {
		return nil
	}
	if cl := h.Get("Content-Length"); cl != "" {
		if size, err := strconv.Atoi(cl); err == nil && size < compressMin {
			return nil
		}
		n = max(n, compressMin)
	}
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || n < compressMin {
		return nil
	}
	return compressible[mt]
}

// decide sends the headers, compressed or not, and the bytes held so far.
func (w *compressWriter) decide(compress bool) error {
	w.decided = true
	if compress {
		w.pool = w.writers(compressMin)
		h := w.Header()
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		w.gz = w.pool.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.code)
	held := w.buf
	w.buf = nil
	if len(held) == 0 {
		return nil
	}
	var err error
	if w.gz != nil {
		_, err = w.gz.Write(held)
	} else {
		_, err = w.ResponseWriter.Write(held)
	}
	return err
}

// Flush sends what is held, compressing it if the response qualifies by type, then flushes.
func (w *compressWriter) Flush() {
	if w.code == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.decided {
		_ = w.decide(w.wants(compressMin))
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// close finishes the response: a short body goes out as it is, a compressed one gets its trailer.
func (w *compressWriter) close() {
	if w.code == 0 && len(w.buf) == 0 {
		return // the handler wrote nothing; net/http answers 200 with an empty body
	}
	if !w.decided {
		_ = w.decide(false)
	}
	if w.gz != nil {
		_ = w.gz.Close()
		w.gz.Reset(nil)
		w.pool.Put(w.gz)
		w.gz, w.pool = nil, nil
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
