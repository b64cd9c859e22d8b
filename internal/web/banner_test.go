package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// portalBanners is what the portal API says of each chart the person reaches and each request.
type portalBanners struct {
	Charts []struct {
		ID             string `json:"id"`
		PracticeName   string `json:"practice_name"`
		PracticeBanner string `json:"practice_banner"`
	} `json:"charts"`
	Requests []struct {
		ID string `json:"id"`
	} `json:"requests"`
}

// Issue 13, item 15: a practice's banner, set in Settings, shows at the top of every portal user's home
// there, a guardian with basic access only included, as plain text with its line breaks, and in the
// portal API. A person connected to two practices sees both on their portal home; a practice they are not
// connected to (or only asked to connect) never shows them its banner. A banner over 500 characters is
// refused next to the field, keeping what was typed.
// Proves PT-7, PT-9.
func TestPortalBanner(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.AddPractice("Second Street Therapy", "owner2@example.org")
		h.AddPractice("Third Avenue Clinic", "owner3@example.org")
		srv := h.SMTP(t)
		a := h.Client()
		a.Login("owner@example.org", apptest.StrongPassword)
		b := h.Client()
		b.Login("owner2@example.org", apptest.StrongPassword)
		third := h.Client()
		third.Login("owner3@example.org", apptest.StrongPassword)

		long := strings.Repeat("x", 501)
		form := practiceSettings("us")
		form.Set("portal_banner", long)
		r := a.Post("/settings/practice", form)
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `id="f-portal_banner-error">Use at most 500 characters (this has 501).`) || !strings.Contains(body, ">"+long+"</textarea>") {
			t.Fatalf("a long banner: %d", r.StatusCode)
		}
		banner := "Closed 24–26 December <b>for the holidays</b>.\r\nPhones open 9 to 5."
		form.Set("portal_banner", banner)
		if r := a.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the banner: %d %s", r.StatusCode, r.Body)
		}
		saved := strings.ReplaceAll(banner, "\r\n", "\n")
		if r := b.API("PATCH", "/api/v1/practice", map[string]any{"portal_banner": "Second Street moves to number 12 in May."}); r.StatusCode != 200 {
			t.Fatalf("banner through the API: %d %s", r.StatusCode, r.Body)
		}
		third.API("PATCH", "/api/v1/practice", map[string]any{"portal_banner": "Third Avenue news."})

		// Ada, a client of the first practice, sees its banner on her portal home (her one chart).
		var ada struct{ ID string }
		a.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)
		a.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{}})
		p := h.Client()
		var me portalBanners
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": portalInvite.FindStringSubmatch(lastText(t, h, srv))[1],
			"password": apptest.StrongPassword}).JSON(t, &me)
		if len(me.Charts) != 1 || me.Charts[0].PracticeBanner != saved {
			t.Fatalf("the portal API's charts: %+v", me)
		}
		var home struct {
			PracticeBanner string `json:"practice_banner"`
		}
		p.API("GET", "/api/v1/portal/charts/"+me.Charts[0].ID, nil).JSON(t, &home)
		if home.PracticeBanner != saved {
			t.Fatalf("the chart's home in the API: %+v", home)
		}
		page := string(p.Get(p.Get("/portal").Header.Get("Location")).Body)
		if !strings.Contains(page, `<section class="practice-notice"`) || !strings.Contains(page, "Notice from Harbor Counseling") ||
			!strings.Contains(page, "<p>"+html.EscapeString(saved)+"</p>") || strings.Contains(page, "Second Street") || strings.Contains(page, "Third Avenue") {
			t.Fatalf("the portal home does not show the banner, escaped, with its line break:\n%s", page)
		}

		// The second practice asks to connect: until Ada approves, its banner is not on her home.
		var bea struct{ ID string }
		b.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "L", "email": "ada@example.net"}).JSON(t, &bea)
		b.API("POST", "/api/v1/clients/"+bea.ID+"/invitations", map[string]any{"features": []string{}})
		h.RunJobs()
		page = string(p.Get("/portal").Body)
		if !strings.Contains(page, "Requests to connect") || !strings.Contains(page, "Notice from Harbor Counseling") || strings.Contains(page, "number 12") {
			t.Fatalf("with a request waiting, the home shows:\n%s", page)
		}
		p.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if r := p.API("POST", "/api/v1/portal/requests/"+me.Requests[0].ID+"/approve", nil); r.StatusCode != 200 {
			t.Fatalf("approve: %d %s", r.StatusCode, r.Body)
		}
		page = string(p.Get("/portal").Body)
		if strings.Count(page, `class="practice-notice"`) != 2 || !strings.Contains(page, "Second Street moves to number 12 in May.") || strings.Contains(page, "Third Avenue") {
			t.Fatalf("connected to two practices, the home shows:\n%s", page)
		}

		// A guardian with basic access only (PT-7) sees the banner too.
		var mia struct{ ID string }
		a.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent"}}}).JSON(t, &mia)
		var contacts struct{ Items []struct{ ID string } }
		a.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		if r := a.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{}}); r.StatusCode != 201 {
			t.Fatalf("enroll: %d %s", r.StatusCode, r.Body)
		}
		rosa := h.Client()
		rosa.API("POST", "/api/v1/portal/register", map[string]string{"token": portalInvite.FindStringSubmatch(lastText(t, h, srv))[1],
			"password": apptest.StrongPassword})
		if page := string(rosa.Get(rosa.Get("/portal").Header.Get("Location")).Body); !strings.Contains(page, "Phones open 9 to 5.") {
			t.Fatalf("the guardian's home lacks the banner:\n%s", page)
		}
	})
}
