package api_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type homeOut struct {
	Flagged  reviewsOut `json:"flagged"`
	ToReview reviewsOut `json:"to_review"`
	Setups   struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
		Total   int `json:"total"`
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
	} `json:"unfinished_setups"`
	Invitations struct {
		Items []struct {
			ClientName string    `json:"client_name"`
			ExpiresAt  time.Time `json:"expires_at"`
			Expired    bool      `json:"expired"`
		} `json:"items"`
		Open         int `json:"open"`
		Expired      int `json:"expired"`
		ExpiringSoon int `json:"expiring_soon"`
	} `json:"invitations"`
}

type reviewsOut struct {
	Items []struct {
		ID           string `json:"id"`
		ClientName   string `json:"client_name"`
		TemplateName string `json:"template_name"`
		Flag         string `json:"flag"`
	} `json:"items"`
	Total int `json:"total"`
}

func getHome(t *testing.T, c *apptest.Client, query string) homeOut {
	t.Helper()
	var out homeOut
	r := c.API("GET", "/api/v1/home"+query, nil)
	if r.StatusCode != 200 {
		t.Fatalf("home%s: %d %s", query, r.StatusCode, r.Body)
	}
	r.JSON(t, &out)
	return out
}

// Issue 13, item 3 (CL-4, DC-6, PT-3) through the API: the dashboard puts flagged documents first and
// apart, lists the other documents to review, pages the unfinished setups, and lists open invitations
// with the expired and soon-expiring ones counted; each person sees only the charts they may see, and
// billing staff no documents.
func TestHomeDashboardAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		_, calStaff := staffClient(t, h, owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		staffClient(t, h, owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		create := func(first string, body map[string]any) string {
			body["first_name"], body["last_name"] = first, "Test"
			var out clientOut
			r := c.API("POST", "/api/v1/clients", body)
			if r.StatusCode != 201 {
				t.Fatalf("create %s: %d %s", first, r.StatusCode, r.Body)
			}
			r.JSON(t, &out)
			h.Clock.Advance(time.Second) // oldest first, in the order created
			return out.ID
		}
		for i := range 12 {
			create("Setup"+strconv.Itoa(10+i), map[string]any{})
		}
		ana := create("Ana", map[string]any{"email": "ana@example.net", "assigned_clinician_id": calStaff.ID})
		finishDocuments(t, h, c, srv, ana)

		home := getHome(t, c, "")
		if home.Flagged.Total != 1 || len(home.Flagged.Items) != 1 || home.Flagged.Items[0].Flag == "" || !strings.HasPrefix(home.Flagged.Items[0].TemplateName, "PHQ-9") {
			t.Fatalf("flagged: %+v", home.Flagged)
		}
		if home.ToReview.Total != 1 || len(home.ToReview.Items) != 1 || home.ToReview.Items[0].Flag != "" || home.ToReview.Items[0].ClientName != "Ana Test" {
			t.Fatalf("to review: %+v", home.ToReview)
		}
		// Unfinished setups, ten a page, oldest first; a page past the last shows the last.
		if home.Setups.Total != 13 || len(home.Setups.Items) != 10 || home.Setups.Page != 1 || home.Setups.Items[0].Name != "Setup10 Test" {
			t.Fatalf("setups page 1: %+v", home.Setups)
		}
		for _, q := range []string{"?setups_page=2", "?setups_page=9"} {
			p2 := getHome(t, c, q)
			if p2.Setups.Page != 2 || len(p2.Setups.Items) != 3 || p2.Setups.Items[2].Name != "Ana Test" {
				t.Fatalf("setups %s: %+v", q, p2.Setups)
			}
		}
		for _, q := range []string{"?setups_page=0", "?setups_page=two"} {
			if r := c.API("GET", "/api/v1/home"+q, nil); r.StatusCode != 422 || r.Err(t).Error.Fields["setups_page"] == "" {
				t.Fatalf("home%s: %d %s", q, r.StatusCode, r.Body)
			}
		}

		// Invitations: Ana registered (none open). Eve is invited now, Gus five and a half days later:
		// Eve's then expires within 48 hours, Gus's does not; two days on, Eve's has expired.
		if home.Invitations.Open != 0 || len(home.Invitations.Items) != 0 {
			t.Fatalf("invitations before any is open: %+v", home.Invitations)
		}
		eve := create("Eve", map[string]any{"email": "eve@example.net", "assigned_clinician_id": calStaff.ID})
		gus := create("Gus", map[string]any{"email": "gus@example.net"})
		c.API("POST", "/api/v1/clients/"+eve+"/invitations", map[string]any{"features": []string{"documents"}})
		h.Clock.Advance(5*24*time.Hour + 12*time.Hour)
		c.Login("owner@example.org", apptest.StrongPassword) // the session ended while nobody used it
		c.API("POST", "/api/v1/clients/"+gus+"/invitations", map[string]any{"features": []string{"documents"}})
		inv := getHome(t, c, "").Invitations
		if inv.Open != 2 || inv.ExpiringSoon != 1 || inv.Expired != 0 || len(inv.Items) != 2 || inv.Items[0].ClientName != "Eve Test" || inv.Items[0].Expired {
			t.Fatalf("invitations: %+v", inv)
		}
		h.Clock.Advance(2 * 24 * time.Hour)
		c.Login("owner@example.org", apptest.StrongPassword)
		inv = getHome(t, c, "").Invitations
		if inv.Open != 2 || inv.Expired != 1 || inv.ExpiringSoon != 0 || !inv.Items[0].Expired || inv.Items[1].Expired {
			t.Fatalf("invitations two days later: %+v", inv)
		}

		// Cal sees only Cal's clients: Ana's documents, Ana's and Eve's setups, Eve's invitation.
		cal, billing := h.Client(), h.Client()
		cal.Login("cal@example.org", "a passphrase of Cal Clinician")
		billing.Login("bea@example.org", "a passphrase of Bea Billing")
		ch := getHome(t, cal, "")
		if ch.Flagged.Total != 1 || ch.ToReview.Total != 1 || ch.Setups.Total != 2 || ch.Invitations.Open != 1 || ch.Invitations.Items[0].ClientName != "Eve Test" {
			t.Fatalf("Cal's home: %+v", ch)
		}
		// Billing staff see setups and invitations, never documents.
		bh := getHome(t, billing, "")
		if bh.Flagged.Total != 0 || len(bh.Flagged.Items) != 0 || bh.ToReview.Total != 0 || bh.Setups.Total != 15 || bh.Invitations.Open != 2 {
			t.Fatalf("billing's home: %+v", bh)
		}
	})
}
