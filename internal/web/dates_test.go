package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail/mailtest"
	"tend/internal/pdftest"
	"tend/internal/testdb"
)

// practiceSettings is the practice settings form as the page sends it, with the date format chosen.
func practiceSettings(format string) url.Values {
	return url.Values{"name": {"Harbor Counseling"}, "time_zone": {"America/Chicago"}, "idle_timeout_minutes": {"15"},
		"date_format": {format}, "portal_banner": {""}, "cancellation_policy": {""}}
}

// lastText sends what is due and returns the text of the latest message delivered.
func lastText(t *testing.T, h *apptest.Harness, srv *mailtest.Server) string {
	t.Helper()
	h.RunJobs()
	n := len(srv.Messages())
	if n == 0 {
		t.Fatal("no message was delivered")
	}
	return srv.Text(t, n-1)
}

// Issue 13, item 4: the practice's date format, chosen in Settings, is how a page (the chart's joined
// day, date of birth, requests and the score chart), a PDF and an email write dates and times, in the
// practice's time zone. Everything happens at 03:30 UTC on 3 March, which is 21:30 on 2 March in
// Chicago: the score chart used to print the UTC day. The invitation's expiry, seven days on, falls
// after the switch to daylight time.
// Proves CL-11, DC-6.
func TestDateFormatEverywhere(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.Clock.Advance(18*time.Hour + 30*time.Minute) // 2026-03-03 03:30 UTC
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net",
			"date_of_birth": "1991-04-17"}).JSON(t, &ada)
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		p := h.Client()
		token := portalInvite.FindStringSubmatch(lastText(t, h, srv))[1]
		if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": token, "password": apptest.StrongPassword}); r.StatusCode != 201 {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		var tl struct {
			Items []struct {
				ID      string `json:"id"`
				Builtin string `json:"builtin"`
			}
		}
		c.API("GET", "/api/v1/document-templates", nil).JSON(t, &tl)
		phq := ""
		for _, x := range tl.Items {
			if x.Builtin == "phq9" {
				phq = x.ID
			}
		}
		var reqs struct{ Items []struct{ ID string } }
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{phq}}).JSON(t, &reqs)
		answers := map[string]string{}
		for i := 1; i <= 9; i++ {
			answers["item"+string(rune('0'+i))] = "Several days"
		}
		if r := p.API("POST", "/api/v1/portal/documents/"+reqs.Items[0].ID+"/submit", map[string]any{"answers": answers}); r.StatusCode != 200 {
			t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
		}

		for i, tc := range []struct {
			format, day, birth, moment, expiry string
		}{
			{"us", "03/02/2026", "04/17/1991", "03/02/2026, 9:30 PM CST", "03/09/2026, 10:30 PM"},
			{"dmy", "02/03/2026", "17/04/1991", "02/03/2026, 21:30 CST", "09/03/2026, 22:30"},
			{"iso", "2026-03-02", "1991-04-17", "2026-03-02, 21:30 CST", "2026-03-09, 22:30"},
			{"long", "2 Mar 2026", "17 Apr 1991", "2 Mar 2026, 21:30 CST", "9 Mar 2026, 22:30"},
		} {
			if r := c.Post("/settings/practice", practiceSettings(tc.format)); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: saving the format: %d %s", tc.format, r.StatusCode, r.Body)
			}
			if page := string(c.Get("/settings/practice").Body); !strings.Contains(page, `value="`+tc.format+`" checked`) {
				t.Fatalf("%s: the settings page does not show the format chosen", tc.format)
			}
			// A page: the chart's header and details, and its Portal tab with the requests and the score chart.
			chart := string(c.Get("/clients/"+ada.ID+"?tab=details").Body) + string(c.Get("/clients/"+ada.ID+"?tab=portal").Body)
			for _, want := range []string{"Joined " + tc.day, "<dd>" + tc.birth + "</dd>", `data-label="Requested">` + tc.day,
				`data-label="Finished">` + tc.day, `">` + tc.day + `</text>`, "(depression), " + tc.day + ": 9 of 27"} {
				if !strings.Contains(chart, want) {
					t.Errorf("%s: the chart lacks %q", tc.format, want)
				}
			}
			// A PDF.
			r := c.Get("/clients/" + ada.ID + "/documents/" + reqs.Items[0].ID + "/pdf")
			text, err := pdftest.Text(r.Body)
			if err != nil || !strings.Contains(text, "requested "+tc.day) || !strings.Contains(text, "Completed "+tc.moment) {
				t.Errorf("%s: the PDF (%d) reads %v:\n%s", tc.format, r.StatusCode, err, text)
			}
			// An email: a new client's invitation says until when its link works.
			var bea struct{ ID string }
			c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Bea", "last_name": tc.format, "email": "bea" + string(rune('a'+i)) + "@example.net"}).JSON(t, &bea)
			c.API("POST", "/api/v1/clients/"+bea.ID+"/invitations", map[string]any{"features": []string{}})
			if text := lastText(t, h, srv); !strings.Contains(text, "the link works until "+tc.expiry+")") {
				t.Errorf("%s: the invitation does not say until when in the practice's format:\n%s", tc.format, text)
			}
		}
	})
}

// Issue 13, item 4, bad input: an unknown date format is refused with the message next to the
// choices, nothing is saved, and what was typed in the other fields is kept.
// Proves CL-11.
func TestDateFormatRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		form := practiceSettings("mdy")
		form.Set("portal_banner", "Closed on Friday")
		r := c.Post("/settings/practice", form)
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="error" id="f-date_format-error">Choose one of the date formats`) ||
			!strings.Contains(body, ">Closed on Friday</textarea>") || strings.Contains(body, `checked> United States`) {
			t.Fatalf("unknown format: %d\n%s", r.StatusCode, body)
		}
		var pr struct {
			DateFormat   string `json:"date_format"`
			PortalBanner string `json:"portal_banner"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &pr)
		if pr.DateFormat != "us" || pr.PortalBanner != "" {
			t.Fatalf("something was saved: %+v", pr)
		}
	})
}
