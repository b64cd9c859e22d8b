package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// builtinIDs maps the built-in templates' keys to their ids, through the API on the staff session.
func builtinIDs(t *testing.T, c *apptest.Client) map[string]string {
	t.Helper()
	var tl struct {
		Items []struct{ ID, Builtin string }
	}
	c.API("GET", "/api/v1/document-templates", nil).JSON(t, &tl)
	out := map[string]string{}
	for _, x := range tl.Items {
		out[x.Builtin] = x.ID
	}
	return out
}

// CL-9, CL-6, MN-3, CT-4, PT-2 and issue 13, item 6 through the new-client page: the billing type is
// chosen at creation (insurance asks for the legal sex beside it, keeping what was typed); a minor's
// date of birth that makes them an adult asks to be confirmed; a minor is created with the parent invited
// to the portal and the intake sent along, in one step.
func TestCreateFormBillingAndMinorInvite(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)

		page := string(c.Get("/clients/new").Body)
		if !strings.Contains(page, `name="billing_type" value="cash_pay"`) || !strings.Contains(page, `id="f-sex"`) {
			t.Fatal("the new-client page does not offer the billing type")
		}
		r := c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ana"}, "last_name": {"Lima"}, "billing_type": {"insurance"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-billing_type-error"`) || !strings.Contains(body, `value="insurance" checked`) ||
			!strings.Contains(body, `value="Ana"`) {
			t.Fatalf("insurance without a legal sex: %d", r.StatusCode)
		}
		ana := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ana"}, "last_name": {"Lima"}, "billing_type": {"insurance"}, "sex": {"female"}}))
		v, err := h.App.Clients.Get(t.Context(), apptest.As(owner), ana)
		if err != nil || v.BillingType != model.BillingInsurance || v.Sex != "female" {
			t.Fatalf("created with %q and %q (%v)", v.BillingType, v.Sex, err)
		}

		minor := url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Reyes"}, "date_of_birth": {"1999-01-02"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.first_name": {"Rosa"}, "contacts.0.last_name": {"Reyes"}, "contacts.0.email": {"rosa@example.net"},
			"contacts.0.relationship": {"parent"}, "contacts.0.may_sign": {"on"}, "contacts.0.invite": {"on"}, "template_id": {tpl["intake"]}}
		r = c.Post("/clients/new", minor)
		body = string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-confirm_adult_minor"`) || !strings.Contains(body, "an adult") ||
			!strings.Contains(body, `name="contacts.0.invite" aria-describedby="f-contacts.0.invite-hint" checked`) || !strings.Contains(body, `value="`+tpl["intake"]+`" checked`) {
			t.Fatalf("a minor born in 1999: %d", r.StatusCode)
		}
		minor.Set("date_of_birth", "2014-01-02")
		mia := chartID(t, c.Post("/clients/new", minor))
		pv, err := h.App.Clients.Portal(t.Context(), apptest.As(owner), mia)
		if err != nil {
			t.Fatal(err)
		}
		var rosa *model.PortalAccess
		for _, u := range pv.Users {
			if u.Role == model.AccessGuardian {
				rosa = u.Access
			}
		}
		if rosa == nil || rosa.State != model.AccessInvited || !rosa.Permissions.Has(model.FeatureDocuments) {
			t.Fatalf("the parent's access: %+v", rosa)
		}
		reqs, err := h.App.Documents.ChartDocuments(t.Context(), apptest.As(owner), mia)
		if err != nil || len(reqs) != 1 || reqs[0].TemplateID != tpl["intake"] {
			t.Fatalf("documents sent with the invitation: %v %v", reqs, err)
		}
	})
}

// Issue 13, item 6: adding, editing or removing a contact from the wizard's contacts step returns to the
// wizard, not to the chart; from the chart it returns to the chart as before.
func TestWizardContactsReturnToTheWizard(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ana := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ana"}, "last_name": {"Lima"}}))
		step := string(c.Get("/clients/" + ana + "/setup/contacts").Body)
		if !strings.Contains(step, `/clients/`+ana+`/contacts/new?return=setup`) {
			t.Fatal("the contacts step's Add link does not come back to the wizard")
		}
		form := string(c.Get("/clients/" + ana + "/contacts/new?return=setup").Body)
		if !strings.Contains(form, `name="return" value="setup"`) || !strings.Contains(form, `href="/clients/`+ana+`/setup/contacts">Cancel`) {
			t.Fatal("the contact form opened from the wizard does not lead back to it")
		}
		contact := url.Values{"return": {"setup"}, "mode": {"new"}, "first_name": {"Rosa"}, "last_name": {"Lima"}, "relationship": {"parent"}}
		r := c.Post("/clients/"+ana+"/contacts/new", contact)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients/"+ana+"/setup/contacts" {
			t.Fatalf("adding from the wizard goes to %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		step = string(c.Get("/clients/" + ana + "/setup/contacts").Body)
		m := regexp.MustCompile(`/clients/` + ana + `/contacts/([0-9a-f-]{36})\?return=setup`).FindStringSubmatch(step)
		if m == nil || !strings.Contains(step, `<input type="hidden" name="return" value="setup">`) {
			t.Fatal("the wizard's contact list does not keep the way back")
		}
		contact.Set("handles_billing", "on")
		if r := c.Post("/clients/"+ana+"/contacts/"+m[1], contact); r.Header.Get("Location") != "/clients/"+ana+"/setup/contacts" {
			t.Fatalf("editing from the wizard goes to %q", r.Header.Get("Location"))
		}
		if r := c.Post("/clients/"+ana+"/contacts/"+m[1]+"/remove", url.Values{"return": {"setup"}}); r.Header.Get("Location") != "/clients/"+ana+"/setup/contacts" {
			t.Fatalf("removing from the wizard goes to %q", r.Header.Get("Location"))
		}
		contact.Del("return")
		if r := c.Post("/clients/"+ana+"/contacts/new", contact); r.Header.Get("Location") != "/clients/"+ana+"?tab=details#contacts" {
			t.Fatalf("adding from the chart goes to %q", r.Header.Get("Location"))
		}
	})
}

// MN-3, PT-2, CT-2 and CL-5 through the pages: a minor's wizard lists the child and the parent, the
// parent's invitation form starts open with permissions ticked from the parent's flags and the intake
// packet ticked; inviting the parent stays on the step for the child; the Portal tab's invitation
// sends documents too; What's next ticks itself and the chart says what the contact flags do.
func TestWizardPortalStepInvitesGuardianWithDocuments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		mia := chartID(t, c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.first_name": {"Rosa"}, "contacts.0.last_name": {"Reyes"}, "contacts.0.email": {"rosa@example.net"},
			"contacts.0.relationship": {"parent"}, "contacts.0.may_sign": {"on"}}))
		chart := string(c.Get("/clients/" + mia + "?tab=details").Body)
		if !strings.Contains(chart, "What's next") || !strings.Contains(chart, `href="/clients/`+mia+`/setup/portal">Invite to the portal`) ||
			!strings.Contains(chart, `href="/clients/`+mia+`/documents">Assign intake documents`) || !strings.Contains(chart, "What the contact flags do") ||
			!strings.Contains(chart, html.EscapeString(model.FlagMeaning("may_sign"))) {
			t.Fatal("the new chart's What's next or flag meanings are missing")
		}

		step := string(c.Get("/clients/" + mia + "/setup/portal").Body)
		pv, err := h.App.Clients.Portal(t.Context(), apptest.As(owner), mia)
		if err != nil || len(pv.Users) != 2 {
			t.Fatalf("portal users: %v %v", pv.Users, err)
		}
		rosa := pv.Users[1]
		rosaForm := step[strings.Index(step, `value="`+rosa.PersonID+`"`):]
		rosaForm = rosaForm[:strings.Index(rosaForm, "</form>")]
		if !strings.Contains(step, "Invite Mia Reyes") || !strings.Contains(step, "Invite Rosa Reyes") ||
			!strings.Contains(rosaForm, `value="documents" checked`) || !strings.Contains(rosaForm, `value="messaging" checked`) ||
			strings.Contains(rosaForm, `value="tasks" checked`) || !strings.Contains(rosaForm, `value="`+tpl["intake"]+`" checked`) ||
			!strings.Contains(rosaForm, `value="`+tpl["consent"]+`" checked`) || strings.Contains(rosaForm, `value="`+tpl["phq9"]+`" checked`) {
			t.Fatalf("the parent's invitation form in the wizard:\n%s", rosaForm)
		}
		r := c.Post("/clients/"+mia+"/setup/portal", url.Values{"action": {"invite"}, "person_id": {rosa.PersonID}, "email": {"rosa@example.net"},
			"features": {"messaging"}, "template_id": {tpl["intake"]}})
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot fill in these documents") ||
			!strings.Contains(body, `value="messaging" checked`) {
			t.Fatalf("documents without the documents permission: %d", r.StatusCode)
		}
		r = c.Post("/clients/"+mia+"/setup/portal", url.Values{"action": {"invite"}, "person_id": {rosa.PersonID}, "email": {"rosa@example.net"},
			"features": {"documents", "messaging"}, "template_id": {tpl["intake"], tpl["consent"]}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients/"+mia+"/setup/portal" {
			t.Fatalf("inviting the parent: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		step = string(c.Get("/clients/" + mia + "/setup/portal").Body)
		if !strings.Contains(step, "Invitation sent to rosa@example.net") || !strings.Contains(step, "Invite Mia Reyes") {
			t.Fatal("after inviting the parent the step does not show the parent invited and the child still to invite")
		}
		chart = string(c.Get("/clients/" + mia).Body)
		if strings.Count(chart, `<span class="visually-hidden">(done)</span>`) != 2 {
			t.Fatal("What's next did not tick the invitation and the documents")
		}

		// The Portal tab sends documents with an invitation too.
		ana := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ana"}, "last_name": {"Lima"}, "email": {"ana@example.net"}}))
		tab := string(c.Get("/clients/" + ana + "?tab=portal").Body)
		if !strings.Contains(tab, "Documents to send with the invitation") || strings.Contains(tab, `value="`+tpl["intake"]+`" checked`) {
			t.Fatal("the Portal tab's invitation does not offer documents, or ticks them unasked")
		}
		v, _ := h.App.Clients.Get(t.Context(), apptest.As(owner), ana)
		r = c.Post("/clients/"+ana+"/portal/invite", url.Values{"person_id": {v.PersonID}, "email": {"ana@example.net"}, "features": {"documents"},
			"template_id": {tpl["phq9"]}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite from the Portal tab: %d %s", r.StatusCode, r.Body)
		}
		reqs, err := h.App.Documents.ChartDocuments(t.Context(), apptest.As(owner), ana)
		if err != nil || len(reqs) != 1 || reqs[0].TemplateID != tpl["phq9"] {
			t.Fatalf("documents sent from the Portal tab: %v %v", reqs, err)
		}
		// Once setup is done the open items fold away; all done, the list goes.
		bo := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Bo"}, "last_name": {"Diaz"}}))
		c.Post("/clients/"+bo+"/setup/portal", url.Values{"action": {"complete"}})
		if chart := string(c.Get("/clients/" + bo).Body); !strings.Contains(chart, `<details class="panel whats-next">`) || !strings.Contains(chart, "What's next: 0 of 4 done") {
			t.Fatal("after setup the open items are not folded into a summary")
		}
		c.Post("/clients/"+ana+"/setup/portal", url.Values{"action": {"complete"}})
		if _, err := h.App.Plans.Create(t.Context(), apptest.As(owner), ana, plans.SaveInput{}); err != nil {
			t.Fatal(err)
		}
		if chart := string(c.Get("/clients/" + ana).Body); !strings.Contains(chart, "What's next: 3 of 4 done") ||
			!strings.Contains(chart, `href="/clients/`+ana+`?tab=sessions">Schedule the first session`) {
			t.Fatal("before a session is booked, What's next does not offer to schedule it on the Sessions tab")
		}
		fifty := 50
		if _, err := h.App.Appointments.Book(t.Context(), apptest.As(owner), appointments.BookInput{ChartIDs: []string{ana}, ClinicianID: owner.ID,
			Start: "2026-03-10T10:00", DurationMinutes: &fifty}); err != nil {
			t.Fatal(err)
		}
		if chart := string(c.Get("/clients/" + ana).Body); strings.Contains(chart, "What's next") {
			i := strings.Index(chart, "What's next")
			t.Fatalf("What's next stays after everything is done and setup is complete: %s", chart[max(0, i-300):i+300])
		}
	})
}

// Issue 13, item 10 through the pages: the finished intake offers "Apply to chart"; a bad phone comes
// back next to its field with what was chosen and typed kept, and nothing is applied; corrected, the
// chosen answers reach the chart. The practice setting is on the settings page.
func TestApplyToChartPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		ana := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ana"}, "last_name": {"Lima"}, "email": {"ana@example.net"}}))
		v, _ := h.App.Clients.Get(t.Context(), apptest.As(owner), ana)
		c.Post("/clients/"+ana+"/portal/invite", url.Values{"person_id": {v.PersonID}, "email": {"ana@example.net"}, "features": {"documents"}, "template_id": {tpl["intake"]}})
		h.RunJobs()
		token := portalInvite.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))[1]
		pp, err := h.App.Portal.Register(t.Context(), token, apptest.StrongPassword, "127.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		reqs, _ := h.App.Documents.ChartDocuments(t.Context(), apptest.As(owner), ana)
		req := reqs[0].ID
		if _, err := h.App.Documents.Submit(t.Context(), model.PortalPrincipal{AccountID: pp.Account.ID, Email: pp.Account.Email, IP: "127.0.0.1"}, req,
			map[string]string{"date_of_birth": "1991-04-17", "phone": "555 12", "presenting_concerns": "Sleep."}); err != nil {
			t.Fatal(err)
		}
		doc := string(c.Get("/clients/" + ana + "/documents/" + req).Body)
		tab := string(c.Get("/clients/" + ana + "?tab=portal").Body)
		if !strings.Contains(doc, `/documents/`+req+`/apply">Apply to chart`) || !strings.Contains(tab, `/documents/`+req+`/apply">Apply to chart`) {
			t.Fatal("the finished intake does not offer Apply to chart")
		}
		page := string(c.Get("/clients/" + ana + "/documents/" + req + "/apply").Body)
		if !strings.Contains(page, "On the chart") || !strings.Contains(page, "1991-04-17") || !strings.Contains(page, `name="use.phone" value="answer" checked`) {
			t.Fatal("the side-by-side does not show the answers with the empty fields chosen")
		}
		r := c.Post("/clients/"+ana+"/documents/"+req+"/apply", url.Values{"use.date_of_birth": {"answer"}, "use.phone": {"answer"},
			"v.date_of_birth": {"1991-04-17"}, "v.phone": {"555 12"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-v-phone-error"`) || !strings.Contains(body, "7 to 15 digits") ||
			!strings.Contains(body, `value="555 12"`) || !strings.Contains(body, "Nothing was applied") {
			t.Fatalf("a bad phone: %d", r.StatusCode)
		}
		if v, _ := h.App.Clients.Get(t.Context(), apptest.As(owner), ana); v.DateOfBirth != "" || v.Phone != "" {
			t.Fatalf("half applied: %q %q", v.DateOfBirth, v.Phone)
		}
		r = c.Post("/clients/"+ana+"/documents/"+req+"/apply", url.Values{"use.date_of_birth": {"answer"}, "use.phone": {"answer"},
			"v.date_of_birth": {"1991-04-17"}, "v.phone": {"555 0100 12"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d %s", r.StatusCode, r.Body)
		}
		if v, _ := h.App.Clients.Get(t.Context(), apptest.As(owner), ana); v.DateOfBirth != "1991-04-17" || v.Phone != "555 0100 12" {
			t.Fatalf("applied: %q %q", v.DateOfBirth, v.Phone)
		}
		if tab := string(c.Get("/clients/" + ana + "?tab=portal").Body); !strings.Contains(tab, "applied to chart") {
			t.Fatal("the documents list does not say the intake was applied")
		}

		if page := string(c.Get("/settings/practice").Body); !strings.Contains(page, `name="intake_confirms_on_file"`) {
			t.Fatal("the practice settings do not offer the intake setting")
		}
		c.Post("/settings/practice", url.Values{"name": {"Harbor Counseling"}, "time_zone": {"America/Chicago"}, "idle_timeout_minutes": {"15"},
			"intake_confirms_on_file": {"on"}})
		if pr, _ := h.App.Accounts.Practice(t.Context(), apptest.As(owner)); !pr.IntakeConfirmsOnFile {
			t.Fatal("the intake setting was not saved")
		}
	})
}
