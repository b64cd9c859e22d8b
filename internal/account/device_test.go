package account_test

import (
	"fmt"
	"strings"
	"testing"

	"tend/internal/account"
	"tend/internal/model"
)

// Issue 12: a device cookie names its sign-ins without showing an email, remembers a shared browser's
// last five people, and counts for nobody else, in no other realm and under no other key.
func TestDeviceCookies(t *testing.T) {
	t.Parallel()
	d := account.Devices{Key: []byte("0123456789abcdef0123456789abcdef")}
	cookie := ""
	for i := 1; i <= 6; i++ {
		cookie = d.Issue(cookie, model.RealmStaff, fmt.Sprintf("person%d@example.org", i))
	}
	if strings.Contains(cookie, "example") {
		t.Fatalf("the cookie shows an email: %q", cookie)
	}
	for i := 1; i <= 6; i++ {
		email := fmt.Sprintf("person%d@example.org", i)
		trusted := d.Bucket(cookie, model.RealmStaff, email) != email
		if want := i > 1; trusted != want {
			t.Errorf("%s: trusted = %v, want %v (five newest kept)", email, trusted, want)
		}
	}
	if b := d.Bucket(cookie, model.RealmPortal, "person6@example.org"); b != "person6@example.org" {
		t.Error("a staff entry counted on the portal")
	}
	other := account.Devices{Key: []byte("another key, another installation")}
	if b := other.Bucket(cookie, model.RealmStaff, "person6@example.org"); b != "person6@example.org" {
		t.Error("an entry counted under another key")
	}
	if (account.Devices{}).Issue(cookie, model.RealmStaff, "person6@example.org") != "" {
		t.Error("devices without a key issued a cookie")
	}
	// Signing in again replaces the browser's entry for that person instead of adding a second one.
	again := d.Issue(cookie, model.RealmStaff, "person6@example.org")
	if n := strings.Count(again, "~") + 1; n != 5 {
		t.Errorf("%d entries after signing in again, want 5", n)
	}
	if d.Bucket(again, model.RealmStaff, "person2@example.org") == "person2@example.org" {
		t.Error("signing in again pushed out another person's entry")
	}
}
