package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 16, item 9: the no-show fee on Settings → Practice. By default a no-show costs nothing; a fixed
// fee without an amount is refused next to the amount with nothing saved; "75" is saved as 7500 cents and
// the API shows and changes it, refusing an unknown choice. Proves PY-1.
func TestNoShowFeeSetting(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if page := string(c.Get("/settings/practice").Body); !strings.Contains(page, `name="no_show_fee" value="none" aria-describedby="f-no_show_fee-hint" checked`) {
			t.Fatal("the settings page does not default to no charge for a no-show")
		}
		form := url.Values{"name": {pr.Name}, "time_zone": {pr.TimeZone}, "idle_timeout_minutes": {"15"}, "no_show_fee": {"fixed"}, "no_show_fee_amount": {""}}
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-no_show_fee_amount-error"`) {
			t.Fatalf("a fixed fee without an amount: %d", r.StatusCode)
		}
		var got struct {
			Fee   string `json:"no_show_fee"`
			Cents int64  `json:"no_show_fee_cents"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if got.Fee != "none" || got.Cents != 0 {
			t.Fatalf("a refused form saved: %+v", got)
		}
		form.Set("no_show_fee_amount", "75")
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if got.Fee != "fixed" || got.Cents != 7500 {
			t.Fatalf("saved: %+v", got)
		}
		if r := c.API("PATCH", "/api/v1/practice", map[string]any{"no_show_fee": "double"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["no_show_fee"] == "" {
			t.Fatalf("an unknown fee: %d %s", r.StatusCode, r.Body)
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"no_show_fee": "rate"}).JSON(t, &got)
		if got.Fee != "rate" {
			t.Fatalf("through the API: %+v", got)
		}
	})
}
