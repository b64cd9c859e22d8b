package loadbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
)

// session is one signed-in person's browser or API client: its own cookies, and optionally the address
// it comes from (X-Forwarded-For, believed by a server that trusts loopback as its proxy). Redirects are
// not followed, so each request is measured on its own.
type session struct {
	base string
	from string
	http *http.Client
}

func newSession(base string, transport http.RoundTripper, from string) *session {
	jar, _ := cookiejar.New(nil)
	return &session{base: base, from: from, http: &http.Client{Transport: transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends one request and reads the whole answer; a status other than want is an error.
func (s *session) do(ctx context.Context, method, path, contentType string, body []byte, want int) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if s.from != "" {
		req.Header.Set("X-Forwarded-For", s.from)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", method, pathOnly(path), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, resp, fmt.Errorf("%s %s: reading: %w", method, pathOnly(path), err)
	}
	if resp.StatusCode != want {
		return b, resp, fmt.Errorf("%s %s: status %d, want %d", method, pathOnly(path), resp.StatusCode, want)
	}
	return b, resp, nil
}

// get fetches path and wants 200.
func (s *session) get(ctx context.Context, path string) ([]byte, error) {
	b, _, err := s.do(ctx, "GET", path, "", nil, http.StatusOK)
	return b, err
}

// postForm submits a form and wants want (a page's 303, usually).
func (s *session) postForm(ctx context.Context, path string, form url.Values, want int) (*http.Response, error) {
	_, resp, err := s.do(ctx, "POST", path, "application/x-www-form-urlencoded", []byte(form.Encode()), want)
	return resp, err
}

// postJSON sends v as JSON, wants 200 and decodes the answer into out.
func (s *session) postJSON(ctx context.Context, path string, v, out any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b, _, err := s.do(ctx, "POST", path, "application/json", body, http.StatusOK)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// pathOnly leaves the query out of an error message: it may hold a search for a name.
func pathOnly(path string) string {
	p, _, _ := strings.Cut(path, "?")
	return p
}
