package httpx

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MailLimiter bounds, per client IP, the requests that make Tend send email to an address anyone can
// type (forgot password, self-registration): each email address has its own limit already, this one
// keeps a single client from mailing many addresses. It counts in memory, per instance.
type MailLimiter struct {
	Max    int           // requests allowed per window
	Window time.Duration // the window
	Now    func() time.Time

	mu        sync.Mutex
	hits      map[string][]time.Time
	lastSweep time.Time
}

// mailPaths are the POST routes that may send mail to a typed address.
func mailPath(path string) bool {
	switch path {
	case "/login/forgot", "/portal/forgot", "/api/v1/auth/forgot", "/api/v1/portal/forgot":
		return true
	}
	return (strings.HasPrefix(path, "/portal/join/") || strings.HasPrefix(path, "/api/v1/portal/join/")) && !strings.HasSuffix(path, "/complete")
}

// allow records a request of ip and reports whether it is within the limit.
func (l *MailLimiter) allow(ip string) (bool, time.Duration) {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hits == nil {
		l.hits = map[string][]time.Time{}
	}
	// Addresses whose last request left the window count for nothing: drop them, once a window, rather
	// than wiping every address's count when there are many (which would hand a flood a fresh start).
	if now.Sub(l.lastSweep) >= l.Window {
		for ip, ts := range l.hits {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.Window {
				delete(l.hits, ip)
			}
		}
		l.lastSweep = now
	}
	kept := l.hits[ip][:0]
	for _, t := range l.hits[ip] {
		if now.Sub(t) < l.Window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.Max {
		l.hits[ip] = kept
		return false, l.Window - now.Sub(kept[0])
	}
	l.hits[ip] = append(kept, now)
	return true, 0
}

// Wrap refuses mail-sending requests over the limit with 429 (JSON under /api/).
func (l *MailLimiter) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !mailPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.allow(ClientIP(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		minutes := int(wait/time.Minute) + 1
		msg := "Too many requests from your network for a while. Wait " + strconv.Itoa(minutes) + " minutes and try again."
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "throttled", "message": msg}})
			return
		}
		http.Error(w, msg, http.StatusTooManyRequests)
	})
}

// size is how many addresses are being counted.
func (l *MailLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hits)
}
