package httpx

import (
	"net/http"
	"time"
)

// SessionCookies sets and reads the staff session cookie the same way for pages and the API.
type SessionCookies struct {
	Secure bool // the public address is https: the cookie gets Secure and the __Host- prefix
}

// Name is the cookie's name.
func (c SessionCookies) Name() string {
	if c.Secure {
		return "__Host-tend_session"
	}
	return "tend_session"
}

// Set stores the session token. The cookie has no Max-Age: the server enforces idle and absolute timeouts.
func (c SessionCookies) Set(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: c.Name(), Value: token, Path: "/", HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode,
	})
}

// Clear removes the cookie.
func (c SessionCookies) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: c.Name(), Value: "", Path: "/", HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode,
		MaxAge: -1, Expires: time.Unix(0, 0),
	})
}

// Token returns the session token the request carries, or "".
func (c SessionCookies) Token(r *http.Request) string {
	ck, err := r.Cookie(c.Name())
	if err != nil {
		return ""
	}
	return ck.Value
}
