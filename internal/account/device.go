package account

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"tend/internal/id"
)

// Devices signs and reads device cookies (OWASP's "device cookies" against lockout by strangers). A
// browser where someone signed in successfully keeps a signed entry naming that sign-in; wrong passwords
// typed in that browser are counted against the entry alone. So anyone who knows an email can still pause
// sign-in for it everywhere else by guessing, but not in the browsers its owner already uses.
//
// An entry is "nonce.mac", the mac an HMAC of the realm, the normalized email and the nonce: the cookie
// shows no email, and an entry cannot be made for an email without the key. A browser shared by a front
// desk keeps the entries of its last few people.
type Devices struct {
	Key []byte // derived from the installation's secret key (config.DeviceKey); nil turns device cookies off
}

const (
	maxDeviceEntries = 5
	deviceSep        = "~"
	// deviceBucket joins an email and a device's nonce into the key its failures are counted under.
	deviceBucket = "|device:"
)

// Bucket is what one sign-in attempt is counted against: the email itself when the browser has no valid
// entry for it, or the email and the browser's entry when it has one.
func (d Devices) Bucket(cookie, realm, norm string) string {
	if nonce := d.match(cookie, realm, norm); nonce != "" {
		return norm + deviceBucket + nonce
	}
	return norm
}

// Issue returns the cookie after a successful sign-in of norm: a fresh entry first, then the browser's
// other valid-looking entries, at most maxDeviceEntries in all. "" when device cookies are off.
func (d Devices) Issue(cookie, realm, norm string) string {
	if len(d.Key) == 0 {
		return ""
	}
	old := d.match(cookie, realm, norm)
	nonce := id.Token(16)
	entries := []string{nonce + "." + d.mac(realm, norm, nonce)}
	for _, e := range strings.Split(cookie, deviceSep) {
		if len(entries) == maxDeviceEntries {
			break
		}
		nonce, _, ok := strings.Cut(e, ".")
		if ok && nonce != old && len(e) <= 100 {
			entries = append(entries, e)
		}
	}
	return strings.Join(entries, deviceSep)
}

// match returns the nonce of the cookie's entry for realm and norm, or "".
func (d Devices) match(cookie, realm, norm string) string {
	if len(d.Key) == 0 || cookie == "" {
		return ""
	}
	for i, e := range strings.Split(cookie, deviceSep) {
		if i == maxDeviceEntries {
			break
		}
		nonce, mac, ok := strings.Cut(e, ".")
		if ok && nonce != "" && hmac.Equal([]byte(mac), []byte(d.mac(realm, norm, nonce))) {
			return nonce
		}
	}
	return ""
}

func (d Devices) mac(realm, norm, nonce string) string {
	m := hmac.New(sha256.New, d.Key)
	m.Write([]byte(realm + "\x00" + norm + "\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}
