package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var chartURL = regexp.MustCompile(`^/clients/([0-9a-f-]{36})$`)

// CL-1…CL-5, LS-1…LS-5, ST-1…ST-4 through the pages, without JavaScript.
func TestClientPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		r := c.Post("/clients/new", url.Values{"first_name": {"Ana"}, "last_name": {"Lima"}, "email": {"ana@example.org"}})
		m := chartURL.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("create: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		id := m[1]
		chart := string(c.Get("/clients/" + id + "?tab=details").Body)
		for _, want := range []string{"Ana Lima", "New client setup", "What's next", "Add legal name", "Details", "Portal"} {
			if !strings.Contains(chart, want) {
				t.Errorf("chart lacks %q", want)
			}
		}
		// CL-2: a duplicate email is refused next to the field, and what was typed stays.
		r = c.Post("/clients/new", url.Values{"first_name": {"Anabel"}, "last_name": {"Lima"}, "email": {" ANA@example.org"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-email-error"`) || !strings.Contains(body, "contact or group member") || !strings.Contains(body, `value="Anabel"`) {
			t.Fatalf("duplicate email page: %d", r.StatusCode)
		}
		// Edit in place with validation: a future birth date is refused, HTML is shown inert.
		r = c.Post("/clients/"+id+"/edit/demographics", url.Values{"date_of_birth": {"2999-01-01"}, "sex": {"female"}, "gender_identity": {"<b>woman</b>"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "cannot be in the future") || !strings.Contains(string(r.Body), "&lt;b&gt;woman&lt;/b&gt;") {
			t.Fatalf("bad birth date: %d", r.StatusCode)
		}
		r = c.Post("/clients/"+id+"/edit/demographics", url.Values{"date_of_birth": {"1990-04-25"}, "sex": {"female"}, "gender_identity": {"<b>woman</b>"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("demographics: %d %s", r.StatusCode, r.Body)
		}
		if page := string(c.Get("/clients/" + id + "?tab=details").Body); !strings.Contains(page, "&lt;b&gt;woman&lt;/b&gt;") || strings.Contains(page, "<b>woman</b>") {
			t.Fatal("HTML in a field was not escaped on the chart")
		}
		// The home page lists the incomplete client; the wizard walks and completes.
		if !strings.Contains(string(c.Get("/").Body), "Ana Lima") {
			t.Fatal("an incomplete client is not under Needs attention")
		}
		r = c.Post("/clients/"+id+"/setup/account", url.Values{"action": {"save"}, "first_name": {"Ana"}, "last_name": {"Lima"}, "pronouns": {"she/her"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients/"+id+"/setup/contact" {
			t.Fatalf("wizard step 1: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := c.Post("/clients/"+id+"/setup/contact", url.Values{"action": {"skip"}}); r.Header.Get("Location") != "/clients/"+id+"/setup/demographics" {
			t.Fatalf("skip: %q", r.Header.Get("Location"))
		}
		if !strings.Contains(string(c.Get("/clients/"+id).Body), "Resume setup") {
			t.Fatal("abandoned setup does not offer to resume")
		}
		if r := c.Post("/clients/"+id+"/setup/demographics", url.Values{"action": {"complete"}, "date_of_birth": {"1990-04-25"}}); r.Header.Get("Location") != "/clients/"+id {
			t.Fatalf("complete: %q", r.Header.Get("Location"))
		}
		if strings.Contains(string(c.Get("/").Body), "Ana Lima") {
			t.Fatal("a completed client is still under Needs attention")
		}
		// Lifecycle from the chart.
		for _, action := range []string{"archive", "restore", "deactivate", "reactivate"} {
			if r := c.Post("/clients/"+id+"/state", url.Values{"action": {action}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", action, r.StatusCode)
			}
		}
		// The list: search by part of a phone number, the results-only fragment, bulk delete with typed count.
		c.Post("/clients/new", url.Values{"first_name": {"Ben"}, "last_name": {"Okafor"}})
		c.Post("/clients/"+id+"/edit/contact", url.Values{"email": {"ana@example.org"}, "phone": {"+1 (555) 010-0199"}})
		list := string(c.Get("/clients?q=010-01").Body)
		if !strings.Contains(list, "Ana Lima") || strings.Contains(list, "Ben Okafor") || !strings.Contains(list, "1 client matching") {
			t.Fatalf("phone search: %s", list)
		}
		frag := c.Do("GET", "/clients?q=okafor", "", nil)
		req, _ := http.NewRequest("GET", h.Server.URL+"/clients?q=okafor", nil)
		req.Header.Set("X-Tend-Partial", "results")
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if frag.StatusCode != 200 || resp.StatusCode != 200 {
			t.Fatalf("list %d, fragment %d", frag.StatusCode, resp.StatusCode)
		}
		state := "q=&status=active"
		r = c.Post("/clients/bulk", url.Values{"action": {"delete"}, "all": {"1"}, "state": {state}})
		if r.StatusCode != 200 || !strings.Contains(string(r.Body), "Type 2 to confirm") {
			t.Fatalf("bulk delete asks for confirmation: %d", r.StatusCode)
		}
		r = c.Post("/clients/bulk", url.Values{"action": {"delete"}, "id": {id}, "confirmed": {"1"}, "confirm": {"5"}, "state": {state}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bulk delete with a wrong count: %d", r.StatusCode)
		}
		r = c.Post("/clients/bulk", url.Values{"action": {"delete"}, "id": {id}, "confirmed": {"1"}, "confirm": {"1"}, "state": {state}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("bulk delete: %d %s", r.StatusCode, r.Body)
		}
		if r := c.Get("/clients/" + id); r.StatusCode != http.StatusNotFound {
			t.Fatalf("deleted chart: %d", r.StatusCode)
		}
	})
}

// Another practice's chart, a missing one and a malformed id all answer the same 404 page.
func TestChartNotFoundParity(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		theirs, err := h.App.Clients.Create(t.Context(), model.Principal{StaffID: other.ID, PracticeID: other.PracticeID, Role: model.RoleOwner},
			model.ClientChange{FirstName: strp("Their"), LastName: strp("Client")})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		missing := c.Get("/clients/0190b7e2-0000-7000-8000-000000000000")
		for _, path := range []string{"/clients/" + theirs.ID, "/clients/%ff", "/clients/abc%00", "/clients/" + theirs.ID + "/edit/account", "/clients/" + theirs.ID + "/delete"} {
			r := c.Get(path)
			if r.StatusCode != http.StatusNotFound || string(r.Body) != string(missing.Body) {
				t.Errorf("GET %s: %d", path, r.StatusCode)
			}
		}
		if r := c.Get("/clients?q=abc%00&tag=%ff"); r.StatusCode >= 500 {
			t.Errorf("odd list input: %d", r.StatusCode)
		}
	})
}

func strp(s string) *string { return &s }

// A supervisor sees a supervisee's client read-only: the chart says so and offers no edits.
func TestSupervisorChartIsReadOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		sup := h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		op := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner}
		if _, err := h.App.Accounts.UpdateStaff(t.Context(), op, cal.ID, model.StaffChange{SupervisorID: &sup.ID}); err != nil {
			t.Fatal(err)
		}
		c, err := h.App.Clients.Create(t.Context(), op, model.ClientChange{FirstName: strp("Ana"), LastName: strp("Lima"), AssignedClinicianID: &cal.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.App.Accounts.ChangePassword(t.Context(), model.Principal{StaffID: sup.ID, PracticeID: sup.PracticeID, Role: sup.Role, Email: sup.Email, Name: sup.Name}, apptest.StrongPassword, "sue's own passphrase", false); err != nil {
			t.Fatal(err)
		}
		b := h.Client()
		b.Login("sue@example.org", "sue's own passphrase")
		page := string(b.Get("/clients/" + c.ID).Body)
		if !strings.Contains(page, "Read only") || strings.Contains(page, "/edit/") || strings.Contains(page, "Archive") {
			t.Fatalf("supervisor's view of a supervisee's chart offers changes:\n%s", page)
		}
		if r := b.Get("/clients/" + c.ID + "/edit/account"); r.StatusCode != http.StatusForbidden {
			t.Fatalf("supervisor opening an edit form: %d", r.StatusCode)
		}
	})
}
