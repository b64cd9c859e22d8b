package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

const clientIPKey ctxKey = 2

// ClientIP is the address the request came from: the one TrustProxies decided, or the direct peer when
// the request did not pass through it (tests that call a handler directly).
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey).(string); ok {
		return ip
	}
	return peerHost(r)
}

// TrustProxies decides the client address once per request, so audit entries, e-signatures, rate
// limits and sign-in throttling all see the same one. X-Forwarded-For is read only when the direct peer
// is in trusted; then the client is the right-most address in it that is not a trusted proxy (the
// left part of the header is whatever the client sent, so it is never believed past an untrusted hop).
// When every address is trusted, the left-most one is the client.
func TrustProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := clientAddr(trusted, r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey, ip)))
	})
}

// clientAddr walks X-Forwarded-For from the right while the hop it reached is trusted.
func clientAddr(trusted []netip.Prefix, r *http.Request) string {
	peer := peerHost(r)
	hop, err := netip.ParseAddr(peer)
	if err != nil || !isTrusted(trusted, hop) {
		return peer
	}
	var entries []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		entries = append(entries, strings.Split(v, ",")...)
	}
	for i := len(entries) - 1; i >= 0; i-- {
		a, ok := parseForwarded(entries[i])
		if !ok {
			// An unreadable entry ends the walk: the last hop reached is all that can be vouched for.
			break
		}
		hop = a
		if !isTrusted(trusted, hop) {
			break
		}
	}
	return hop.String()
}

// parseForwarded reads one X-Forwarded-For entry: an address, possibly with a port (some proxies add one).
func parseForwarded(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peerHost is the host part of the direct peer's address.
func peerHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
