package httpx

import (
	"net/http"
	"time"
)

// SessionCookies sets and reads a session cookie the same way for pages and the API: the staff one, or
// the portal's, which is separate so the two sign-ins never mix.
type SessionCookies struct {
	Secure bool // the public address is https: the cookie gets Secure and the __Host- prefix
	Portal bool // the client portal's cookie
}

// Name is the cookie's name.
func (c SessionCookies) Name() string {
	name := "tend_session"
	if c.Portal {
		name = "tend_portal"
	}
	if c.Secure {
		return "__Host-" + name
	}
	return name
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

// deviceLifetime is how long a browser keeps its device cookie after its last successful sign-in.
const deviceLifetime = 180 * 24 * time.Hour

// DeviceName is the name of the device cookie (account.Devices) that goes with the session cookie.
func (c SessionCookies) DeviceName() string {
	name := "tend_device"
	if c.Portal {
		name = "tend_portal_device"
	}
	if c.Secure {
		return "__Host-" + name
	}
	return name
}

// SetDevice stores the device cookie a successful sign-in returned; "" leaves the browser's as it is.
func (c SessionCookies) SetDevice(w http.ResponseWriter, value string) {
	if value == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: c.DeviceName(), Value: value, Path: "/", HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteStrictMode,
		MaxAge: int(deviceLifetime.Seconds()),
	})
}

// Device returns the device cookie the request carries, or "".
func (c SessionCookies) Device(r *http.Request) string {
	ck, err := r.Cookie(c.DeviceName())
	if err != nil {
		return ""
	}
	return ck.Value
}

// waitingMaxAge bounds the cookie of a sign-in waiting for its second step; the server ends it sooner.
const waitingMaxAge = 10 * 60

// WaitingName is the name of the cookie that holds a sign-in waiting for its second step (two-step
// sign-in). It is no session: it opens only the code form.
func (c SessionCookies) WaitingName() string { return c.Name() + "_waiting" }

// SetWaiting stores the token of a sign-in waiting for its second step.
func (c SessionCookies) SetWaiting(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: c.WaitingName(), Value: token, Path: "/", HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode, MaxAge: waitingMaxAge,
	})
}

// ClearWaiting removes the waiting sign-in's cookie.
func (c SessionCookies) ClearWaiting(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: c.WaitingName(), Value: "", Path: "/", HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode,
		MaxAge: -1, Expires: time.Unix(0, 0),
	})
}

// WaitingToken returns the waiting sign-in's token the request carries, or "".
func (c SessionCookies) WaitingToken(r *http.Request) string {
	ck, err := r.Cookie(c.WaitingName())
	if err != nil {
		return ""
	}
	return ck.Value
}
