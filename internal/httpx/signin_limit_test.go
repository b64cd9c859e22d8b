package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Issue 12, item 2: sign-in, password links and registration are limited per network with a token
// bucket (an IPv6 /64 counts as one network), and networks that went quiet are forgotten one by one
// rather than all state being wiped.
func TestSignInLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := &SignInLimiter{Burst: 3, Every: 10 * time.Second, Now: func() time.Time { return now }}
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := l.Wrap(ok)
	post := func(path, addr string) int {
		r := httptest.NewRequest("POST", path, nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for i := range 3 {
		if c := post("/login", "203.0.113.7:5000"); c != http.StatusNoContent {
			t.Fatalf("attempt %d: %d", i+1, c)
		}
	}
	if c := post("/api/v1/portal/login", "203.0.113.7:5001"); c != http.StatusTooManyRequests {
		t.Fatalf("fourth attempt from the same address: %d, want 429", c)
	}
	if c := post("/login", "198.51.100.1:5000"); c != http.StatusNoContent {
		t.Fatalf("another address: %d", c)
	}
	if c := post("/clients", "203.0.113.7:5000"); c != http.StatusNoContent {
		t.Fatalf("a route the limiter does not guard: %d", c)
	}
	now = now.Add(10 * time.Second)
	if c := post("/login/forgot", "203.0.113.7:5000"); c != http.StatusNoContent {
		t.Fatalf("after one refill: %d", c)
	}
	for i := range 3 {
		post("/login", "[2001:db8:1:2::"+string(rune('a'+i))+"]:443")
	}
	if c := post("/login", "[2001:db8:1:2:ffff::1]:443"); c != http.StatusTooManyRequests {
		t.Fatalf("the same IPv6 /64: %d, want 429", c)
	}
	if c := post("/login", "[2001:db8:1:3::1]:443"); c != http.StatusNoContent {
		t.Fatalf("another /64: %d", c)
	}
	if n := l.size(); n != 4 {
		t.Fatalf("%d networks counted, want 4", n)
	}
	now = now.Add(31 * time.Second)
	post("/login", "192.0.2.9:1")
	if n := l.size(); n != 1 {
		t.Fatalf("%d networks counted after the others went quiet, want 1", n)
	}
}

// Issue 12, item 2: the mail limiter forgets addresses whose requests left the window, one by one;
// before, past 100,000 addresses it wiped every count, handing a flood a fresh start.
func TestMailLimiterExpiresQuietAddresses(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := &MailLimiter{Max: 2, Window: time.Hour, Now: func() time.Time { return now }}
	for i := range 50 {
		l.allow("198.51.100." + string(rune('0'+i%10)) + string(rune('0'+i/10)))
	}
	l.allow("203.0.113.7")
	l.allow("203.0.113.7")
	now = now.Add(30 * time.Minute)
	if ok, _ := l.allow("203.0.113.7"); ok {
		t.Fatal("a third request within the window was allowed")
	}
	l.allow("203.0.113.8")
	now = now.Add(31 * time.Minute)
	l.allow("192.0.2.1")
	if n := l.size(); n != 2 {
		t.Fatalf("%d addresses counted, want the two still inside the window", n)
	}
}
