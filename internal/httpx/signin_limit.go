package httpx

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SignInLimiter is a token bucket per client network on the requests anyone can send without an
// account: signing in, asking for a password link and registering. Each network (an IPv4 address, or an
// IPv6 /64, which one household or server usually holds whole) may send Burst of them at once and one
// more every Every after that. It comes before the per-email throttles, so a flood from one place is
// answered cheaply with 429 instead of a password hash each. It counts in memory, per instance; keys
// of networks that went quiet are dropped as their buckets refill.
type SignInLimiter struct {
	Burst int           // requests a network may send at once
	Every time.Duration // one more request allowed per Every
	Now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// signInPath names the POST routes the limiter guards.
func signInPath(path string) bool {
	switch path {
	case "/login", "/portal/login", "/api/v1/auth/login", "/api/v1/portal/login", "/login/two-step", "/api/v1/auth/two-step",
		"/portal/register", "/api/v1/portal/register", "/login/reset", "/portal/reset", "/api/v1/auth/reset", "/api/v1/portal/reset":
		return true
	}
	return mailPath(path)
}

// networkOf is the key an address is counted under: IPv6 addresses by their /64.
func networkOf(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	if a.Is4() || a.Is4In6() {
		return a.Unmap().String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// take spends a token of key's bucket, or says how long until there is one.
func (l *SignInLimiter) take(key string) (bool, time.Duration) {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]bucket{}
	}
	full := time.Duration(l.Burst) * l.Every // a bucket untouched this long is full: as good as none
	if now.Sub(l.lastSweep) > full {
		for k, b := range l.buckets {
			if now.Sub(b.at) >= full {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = bucket{tokens: float64(l.Burst), at: now}
	}
	b.tokens = min(float64(l.Burst), b.tokens+float64(now.Sub(b.at))/float64(l.Every))
	b.at = now
	if b.tokens < 1 {
		l.buckets[key] = b
		return false, time.Duration((1 - b.tokens) * float64(l.Every))
	}
	b.tokens--
	l.buckets[key] = b
	return true, 0
}

// size is how many networks are being counted.
func (l *SignInLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Wrap answers 429 (JSON under /api/) to a network over its limit on the guarded routes.
func (l *SignInLimiter) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !signInPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.take(networkOf(ClientIP(r)))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		seconds := int(wait.Seconds()) + 1
		msg := "Too many attempts from your network. Wait " + strconv.Itoa(seconds) + " seconds and try again."
		w.Header().Set("Retry-After", strconv.Itoa(seconds))
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "throttled", "message": msg}})
			return
		}
		http.Error(w, msg, http.StatusTooManyRequests)
	})
}
