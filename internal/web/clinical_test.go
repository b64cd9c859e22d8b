package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// CL-8: the Clinical tab adds and edits diagnoses and medications in place; a refused form comes back
// with the message next to the field and what was typed kept; codes are found without JavaScript; the
// tab is not offered to billing staff, and reads only for a supervisor on a supervisee's chart.
func TestClinicalTab(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		op := apptest.As(owner)
		sup := h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if _, err := h.App.Accounts.UpdateStaff(t.Context(), op, cal.ID, model.StaffChange{SupervisorID: &sup.ID}); err != nil {
			t.Fatal(err)
		}
		c, err := h.App.Clients.Create(t.Context(), op, model.ClientChange{FirstName: strp("Ana"), LastName: strp("Lima"), AssignedClinicianID: &cal.ID})
		if err != nil {
			t.Fatal(err)
		}
		signIn := func(st model.Staff) *apptest.Client {
			if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(st), apptest.StrongPassword, "a long own passphrase here", false); err != nil {
				t.Fatal(err)
			}
			b := h.Client()
			b.Login(st.Email, "a long own passphrase here")
			return b
		}
		b := signIn(cal)
		chart := "/clients/" + c.ID

		page := string(b.Get(chart + "?tab=clinical").Body)
		for _, want := range []string{`aria-current="page">Clinical`, "No active diagnosis.", "Add a diagnosis", "No current medication.", "Mental-health history"} {
			if !strings.Contains(page, want) {
				t.Fatalf("empty Clinical tab lacks %q:\n%s", want, page)
			}
		}

		// Find a code by words without JavaScript, then choose it.
		r := b.Post(chart+"/diagnoses", url.Values{"op": {"find"}, "code": {"generalized anxiety"}, "label": {"GAD, my words"}})
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), `value="F411"`) || !strings.Contains(string(r.Body), "GAD, my words") {
			t.Fatalf("find codes: %d, want the matches listed and the label kept:\n%s", r.StatusCode, r.Body)
		}
		r = b.Post(chart+"/diagnoses", url.Values{"pick": {"F411"}, "label": {"GAD, my words"}})
		if !strings.Contains(string(r.Body), `value="F41.1"`) {
			t.Fatalf("pick: the code field should hold F41.1:\n%s", r.Body)
		}

		// An unknown code is refused next to the field, with what was typed kept.
		r = b.Post(chart+"/diagnoses", url.Values{"code": {"F41.7"}, "label": {"Typed label"}, "onset_date": {"2024-02-03"}, "status": {"active"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-code-error"`) || !strings.Contains(body, "F41.7 is not an ICD-10-CM code") ||
			!strings.Contains(body, `value="Typed label"`) || !strings.Contains(body, `value="2024-02-03"`) {
			t.Fatalf("unknown code: %d, want 422 with the error by the field and the values kept:\n%s", r.StatusCode, body)
		}

		r = b.Post(chart+"/diagnoses", url.Values{"code": {"f41.1"}, "label": {"Typed label"}, "primary": {"on"}, "onset_date": {"2024-02-03"}, "status": {"active"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add diagnosis: %d %s", r.StatusCode, r.Body)
		}
		ds, err := h.App.Clinical.Diagnoses(t.Context(), op, c.ID)
		if err != nil || len(ds) != 1 || !ds[0].Primary || ds[0].Label != "Typed label" {
			t.Fatalf("stored diagnosis: %+v, %v", ds, err)
		}
		page = string(b.Get(chart + "?tab=clinical").Body)
		if !strings.Contains(page, "F41.1") || !strings.Contains(page, "Generalized anxiety disorder") || !strings.Contains(page, ">Primary<") {
			t.Fatalf("the tab does not show the diagnosis as primary:\n%s", page)
		}

		// Edit in place: the form opens filled in; a bad resolved date comes back with the typed values.
		page = string(b.Get(chart + "?tab=clinical&edit_diagnosis=" + ds[0].ID).Body)
		if !strings.Contains(page, `action="/clients/`+c.ID+`/diagnoses/`+ds[0].ID+`"`) || !strings.Contains(page, `value="F41.1"`) {
			t.Fatalf("edit form:\n%s", page)
		}
		r = b.Post(chart+"/diagnoses/"+ds[0].ID, url.Values{"code": {"F41.1"}, "label": {"Edited label"}, "status": {"resolved"}, "resolved_date": {""}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-resolved_date-error"`) || !strings.Contains(string(r.Body), `value="Edited label"`) {
			t.Fatalf("resolved without a date: %d:\n%s", r.StatusCode, r.Body)
		}
		if r := b.Post(chart+"/diagnoses/"+ds[0].ID+"/resolve", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("resolve: %d", r.StatusCode)
		}
		if page = string(b.Get(chart + "?tab=clinical").Body); !strings.Contains(page, "Resolved</h3>") || !strings.Contains(page, "Make active again") {
			t.Fatalf("resolved diagnosis not listed as resolved:\n%s", page)
		}

		// Medications: a stop date before the start is refused by the field, values kept.
		r = b.Post(chart+"/medications", url.Values{"name": {"Sertraline"}, "dose": {"50 mg"}, "start_date": {"2025-03-01"}, "stop_date": {"2025-02-01"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-stop_date-error"`) || !strings.Contains(string(r.Body), `value="50 mg"`) {
			t.Fatalf("stop before start: %d:\n%s", r.StatusCode, r.Body)
		}
		if r := b.Post(chart+"/medications", url.Values{"name": {"Sertraline"}, "dose": {"50 mg"}, "start_date": {"2025-03-01"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add medication: %d %s", r.StatusCode, r.Body)
		}
		if r := b.Post(chart+"/clinical-summary", url.Values{"history": {"Two earlier episodes."}, "concerns": {"Sleep, worry at work."}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save summary: %d %s", r.StatusCode, r.Body)
		}
		page = string(b.Get(chart + "?tab=clinical").Body)
		for _, want := range []string{"Sertraline", "50 mg", "Current</h3>", "Two earlier episodes.", "Sleep, worry at work."} {
			if !strings.Contains(page, want) {
				t.Fatalf("tab lacks %q:\n%s", want, page)
			}
		}

		// A supervisor reads their supervisee's client, with no way to change it.
		sb := signIn(sup)
		page = string(sb.Get(chart + "?tab=clinical").Body)
		if !strings.Contains(page, "Sertraline") || strings.Contains(page, "Add a diagnosis") || strings.Contains(page, "/remove") {
			t.Fatalf("supervisor's tab offers changes or hides content:\n%s", page)
		}
		if r := sb.Post(chart+"/medications", url.Values{"name": {"X"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("supervisor adding a medication: %d, want 403", r.StatusCode)
		}

		// Billing staff get no Clinical tab, and the tab's address shows the first tab without its content.
		bb := signIn(bill)
		page = string(bb.Get(chart + "?tab=clinical").Body)
		if strings.Contains(page, ">Clinical<") || strings.Contains(page, "Sertraline") || strings.Contains(page, "F41.1") {
			t.Fatalf("billing sees clinical information:\n%s", page)
		}
	})
}
