package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"tend/internal/httpx"
)

// Issue 12, item 1: the client address is the right-most X-Forwarded-For entry that is not a trusted
// proxy, and the header is read only when the direct peer is itself trusted.
func TestTrustProxies(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies configured: the peer, header ignored", nil, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"trusted peer, no header", proxies, "10.0.0.2:5000", nil, "10.0.0.2"},
		{"trusted peer, one hop", proxies, "10.0.0.2:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"trusted chain", proxies, "10.0.0.2:5000", []string{"198.51.100.1, 10.1.1.1, 10.2.2.2"}, "198.51.100.1"},
		{"forged left part is skipped", proxies, "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.1, 10.1.1.1"}, "198.51.100.1"},
		{"forged header from an untrusted peer is ignored", proxies, "203.0.113.7:5000", []string{"10.0.0.9, 198.51.100.1"}, "203.0.113.7"},
		{"all addresses trusted: the left-most", proxies, "10.0.0.2:5000", []string{"10.3.3.3, 10.1.1.1"}, "10.3.3.3"},
		{"several header lines read as one list", proxies, "10.0.0.2:5000", []string{"198.51.100.1", "10.1.1.1"}, "198.51.100.1"},
		{"IPv6 trusted peer", proxies, "[::1]:5000", []string{"2001:db8::5"}, "2001:db8::5"},
		{"entry with a port", proxies, "10.0.0.2:5000", []string{"198.51.100.1:4711"}, "198.51.100.1"},
		{"garbage stops the walk at the last trusted hop", proxies, "10.0.0.2:5000", []string{"198.51.100.1, not-an-ip, 10.1.1.1"}, "10.1.1.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			h := httpx.TrustProxies(c.trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = httpx.ClientIP(r) }))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != c.want {
				t.Fatalf("client = %q, want %q", got, c.want)
			}
		})
	}
}

// Issue 12, item 1: the mail rate limit counts the forwarded client, so clients behind one proxy do
// not share a budget.
func TestMailLimiterBehindProxy(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := &httpx.MailLimiter{Max: 1, Window: time.Hour, Now: func() time.Time { return now }}
	h := httpx.TrustProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) })))
	do := func(client string) int {
		r := httptest.NewRequest("POST", "/login/forgot", nil)
		r.RemoteAddr = "127.0.0.1:5000"
		r.Header.Set("X-Forwarded-For", client)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if a, b := do("198.51.100.1"), do("198.51.100.2"); a != http.StatusAccepted || b != http.StatusAccepted {
		t.Fatalf("two clients behind one proxy: %d %d, want both accepted", a, b)
	}
	if c := do("198.51.100.1"); c != http.StatusTooManyRequests {
		t.Fatalf("the same client again: %d, want 429", c)
	}
}
