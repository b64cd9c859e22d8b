package api_test

import (
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 12, item 4: look-alike emails no longer get round the one-email-per-person rule. The decomposed
// form of an address is the same address; zero-width characters and letters of another alphabet that
// pass for Latin are refused; names refuse invisible characters but keep the joiners scripts need.
// Proves CL-2 and TR-3.
func TestLookalikeEmailsAndNames(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		for _, tc := range []struct {
			name, first, email string
			want               int
		}{
			{"the original", "José", "jos\u00e9@example.net", 201},
			{"decomposed é", "Jose", "jose\u0301@example.net", 409},
			{"upper case and decomposed", "Jose", "JOSE\u0301@EXAMPLE.NET", 409},
			{"zero-width space", "Ada", "ada\u200b@example.net", 422},
			{"byte-order mark", "Ada", "\ufeffada@example.net", 422},
			{"Cyrillic a among Latin", "Ada", "\u0430da@example.net", 422},
			{"Greek omicron in the domain", "Ada", "ada@ex\u03bfmple.net", 422},
			{"an address all in Cyrillic", "Иван", "иван@example.org", 201},
			{"zero-width space in a name", "A\u200bda", "", 422},
			{"soft hyphen in a name", "A\u00adda", "", 422},
			{"a joiner a script needs", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "", 201},
		} {
			body := map[string]any{"first_name": tc.first, "last_name": "Test"}
			if tc.email != "" {
				body["email"] = tc.email
			}
			if r := c.API("POST", "/api/v1/clients", body); r.StatusCode != tc.want {
				t.Errorf("%s: %d %s, want %d", tc.name, r.StatusCode, r.Body, tc.want)
			}
		}
	})
}
