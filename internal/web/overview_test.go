package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// A chart opens on its Overview (a couple or family chart on Members, Overview second): who the client
// is, what needs attention with a link to act, each empty block saying what to do; after two PHQ-9s the
// latest score, its change and a trend, and the flagged answer under Needs attention; a treatment plan
// past its review date in its block and under Needs attention. Billing staff see the chart's Overview
// without any document or plan block. Saving a Details section goes back to Details.
// Proves CL-10, DC-6, TP-1.
func TestOverviewTab(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net",
			"pronouns": "she/her", "date_of_birth": "1991-04-17"}).JSON(t, &ada)
		chart := "/clients/" + ada.ID

		page := html.UnescapeString(string(c.Get(chart).Body))
		for _, want := range []string{`aria-current="page">Overview<`, "she/her", "Needs attention", "The new client setup is not finished.",
			`href="` + chart + `/setup/account">Resume setup`, "No documents waiting. Send one from", `href="` + chart + `/documents">Manage documentation`,
			"No scored assessments yet.", "Clinician", "No active treatment plan.", `href="` + chart + `?tab=plan">Set up a treatment plan`} {
			if !strings.Contains(page, want) {
				t.Errorf("a new chart's overview lacks %q", want)
			}
		}
		if strings.Index(page, ">Overview<") > strings.Index(page, ">Details<") {
			t.Error("Overview is not the first tab")
		}

		// Two PHQ-9s through the portal: 9, then 5 with item 9 above "Not at all".
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		p := h.Client()
		token := portalInvite.FindStringSubmatch(lastText(t, h, srv))[1]
		if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": token, "password": apptest.StrongPassword}); r.StatusCode != 201 {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		phq := builtinIDs(t, c)["phq9"]
		for i, item9 := range []string{"Not at all", "Several days"} {
			var reqs struct{ Items []struct{ ID, State string } }
			c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{phq}}).JSON(t, &reqs)
			answers := map[string]string{}
			for n := 1; n <= 8; n++ {
				answers["item"+string(rune('0'+n))] = []string{"Several days", "Not at all"}[i%2]
			}
			answers["item9"] = item9
			for _, rq := range reqs.Items {
				if rq.State == "requested" {
					if r := p.API("POST", "/api/v1/portal/documents/"+rq.ID+"/submit", map[string]any{"answers": answers}); r.StatusCode != 200 {
						t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
					}
				}
			}
			h.Clock.Advance(5 * time.Minute) // within the sessions' idle timeout
		}
		// Issue 15: a plan whose review date has come shows in the Treatment plan block and under Needs
		// attention, with a link to it.
		today := h.Clock.Now().Format(time.DateOnly)
		made, err := h.App.Plans.Create(context.Background(), apptest.As(owner), ada.ID, plans.SaveInput{Content: model.PlanContent{Title: "Care plan", ReviewDate: today}})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := h.App.Accounts.Practice(context.Background(), apptest.As(owner))
		if err != nil {
			t.Fatal(err)
		}
		due, _ := model.LocalDate(today, pr.Locale())
		page = html.UnescapeString(string(c.Get(chart).Body))
		for _, want := range []string{"Latest scores", "<strong>1</strong> of 27", `class="sparkline"`, "Trend of the last 2 scores, oldest first: 8, 1",
			"down 7 from 8 on", "Item 9", "Open the document", "To review",
			`<a href="` + chart + `/plans/` + made.Plan.ID + `">Care plan</a> <span class="muted">· version 1</span>`, "Not signed", "review due",
			"The treatment plan's review date, " + due + ", has come. <a href=\"" + chart + "/plans/" + made.Plan.ID + "\">Open the plan</a>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the overview after two PHQ-9s lacks %q", want)
			}
		}

		// Billing: the chart at a glance, no documents, scores or flags about them.
		b := h.Client()
		b.Login("bea@example.org", apptest.StrongPassword)
		b.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"a passphrase for billing"}, "confirm_password": {"a passphrase for billing"}})
		r := b.Get(chart)
		bp := html.UnescapeString(string(r.Body))
		if r.StatusCode != http.StatusOK || !strings.Contains(bp, `aria-current="page">Overview<`) || !strings.Contains(bp, "Ada Lovelace") {
			t.Fatalf("billing's overview: %d", r.StatusCode)
		}
		for _, leak := range []string{"Latest scores", "Documents waiting", "Item 9", "PHQ-9", "sparkline", "ov-plan", "Care plan", "review date"} {
			if strings.Contains(bp, leak) {
				t.Errorf("billing's overview shows %q", leak)
			}
		}

		// Saving a Details section returns to it; its form shows on Details.
		if r := c.Get(chart + "/edit/account"); !strings.Contains(string(r.Body), `aria-current="page">Details<`) {
			t.Error("a section's form is not on the Details tab")
		}
		r = c.Post(chart+"/edit/account", url.Values{"first_name": {"Ada"}, "last_name": {"Lovelace"}, "pronouns": {"she/they"}})
		if want := chart + "?tab=details#account"; r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("saving a section: %d to %q, want %q", r.StatusCode, r.Header.Get("Location"), want)
		}

		// A family chart opens on Members; Overview is its second tab and lists the members.
		var bo struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Bo", "last_name": "Lovelace"}).JSON(t, &bo)
		fam := chartID(t, c.Post("/clients/new", url.Values{"kind": {"group"}, "name": {"Lovelace family"}, "members_rows": {"2"},
			"members.0.mode": {"existing"}, "members.0.client_id": {ada.ID}, "members.1.mode": {"existing"}, "members.1.client_id": {bo.ID},
			"identified_patient": {"0"}, "billing_contact": {"0"}}))
		gp := string(c.Get("/clients/" + fam).Body)
		if !strings.Contains(gp, `aria-current="page">Members<`) || strings.Index(gp, ">Members<") > strings.Index(gp, ">Overview<") {
			t.Error("a family chart does not open on Members with Overview after it")
		}
		ov := string(c.Get("/clients/" + fam + "?tab=overview").Body)
		if !strings.Contains(ov, `href="/clients/`+bo.ID+`">Bo Lovelace`) || !strings.Contains(ov, "Needs attention") {
			t.Error("the family overview does not list its members")
		}
	})
}
