package api_test

import (
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type serviceOut struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Code            string `json:"code"`
	DurationMinutes int    `json:"duration_minutes"`
	RateCents       int64  `json:"rate_cents"`
	Group           bool   `json:"group"`
	Archived        bool   `json:"archived"`
}

type policyOut struct {
	ID         string `json:"id"`
	PersonID   string `json:"person_id"`
	PersonName string `json:"person_name"`
	Payer      string `json:"payer"`
	Priority   string `json:"priority"`
	InUse      bool   `json:"in_use"`
}

// Issue 16, items 1 and 11: /api/v1/services creates, reads, changes and archives services with rates in
// integer cents; bad input is 422 by field and stores nothing; a clinician reads but does not change;
// another practice's service is 404.
// Proves AP-1, CL-4.
func TestServicesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		const calPassword = "another correct horse battery staple"
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(cal), apptest.StrongPassword, calPassword, false); err != nil {
			t.Fatal(err)
		}
		h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		for field, body := range map[string]map[string]any{
			"rate_cents":       {"name": "X", "duration_minutes": 50, "rate_cents": -1},
			"duration_minutes": {"name": "X", "duration_minutes": 1440},
			"name":             {"name": strings.Repeat("n", 101), "duration_minutes": 50},
			"code":             {"name": "X", "code": "90-837", "duration_minutes": 50},
		} {
			r := c.API("POST", "/api/v1/services", body)
			if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields[field] == "" {
				t.Errorf("bad %s: %d %s", field, r.StatusCode, r.Body)
			}
		}
		if r := c.API("POST", "/api/v1/services", map[string]any{"name": "X", "duration_minutes": 0}); r.Err(t).Error.Fields["duration_minutes"] == "" {
			t.Errorf("0 minutes: %s", r.Body)
		}
		r := c.API("POST", "/api/v1/services", map[string]any{"name": "Family therapy", "code": "90847", "duration_minutes": 50, "rate_cents": 15000})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		var sv serviceOut
		r.JSON(t, &sv)
		if sv.RateCents != 15000 || sv.Code != "90847" || sv.Archived {
			t.Fatalf("created %+v", sv)
		}
		r = c.API("PATCH", "/api/v1/services/"+sv.ID, map[string]any{"rate_cents": 16000, "archived": true})
		r.JSON(t, &sv)
		if r.StatusCode != http.StatusOK || sv.RateCents != 16000 || !sv.Archived {
			t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/services/"+sv.ID, map[string]any{"rate_cents": -5, "archived": false}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("negative rate on patch: %d", r.StatusCode)
		}
		if r := c.Get("/api/v1/services/" + sv.ID); !strings.Contains(string(r.Body), `"archived":true`) {
			t.Errorf("a refused patch changed the service: %s", r.Body)
		}
		var list struct {
			Items     []serviceOut `json:"items"`
			CanManage bool         `json:"can_manage"`
		}
		c.Get("/api/v1/services").JSON(t, &list)
		if len(list.Items) != 0 || !list.CanManage {
			t.Errorf("archived listed by default: %+v", list)
		}
		c.Get("/api/v1/services?archived=true").JSON(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("archived=true: %+v", list)
		}
		c.API("PATCH", "/api/v1/services/"+sv.ID, map[string]any{"archived": false})

		clin := h.Client()
		clin.Login("cal@example.org", calPassword)
		if r := clin.Get("/api/v1/services"); r.StatusCode != http.StatusOK {
			t.Errorf("clinician lists: %d", r.StatusCode)
		}
		if r := clin.API("POST", "/api/v1/services", map[string]any{"name": "Mine", "duration_minutes": 50}); r.StatusCode != http.StatusForbidden {
			t.Errorf("clinician creates: %d", r.StatusCode)
		}
		them := h.Client()
		them.Login("boss@elsewhere.example", apptest.StrongPassword)
		if r := them.Get("/api/v1/services/" + sv.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("another practice reads: %d", r.StatusCode)
		}
	})
}

// Issue 16, items 1, 2 and 11 (CL-9, GR-2): default_service_id is read and written on the client; another
// practice's service is 422; /api/v1/clients/{id}/insurance adds, changes and removes policies, refuses a
// second primary and an end before the start, and puts a couple chart's policy on its identified patient.
func TestInsuranceAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		as := apptest.As(owner)
		dur := 60
		theirs, err := h.App.Services.Create(t.Context(), apptest.As(other), model.ServiceInput{Name: strp("Theirs"), DurationMinutes: &dur})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var sv serviceOut
		c.API("POST", "/api/v1/services", map[string]any{"name": "Intake", "code": "90791", "duration_minutes": 60, "rate_cents": 20000}).JSON(t, &sv)
		var cl struct {
			ID               string  `json:"id"`
			DefaultServiceID *string `json:"default_service_id"`
		}
		r := c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera", "sex": "female", "billing_type": "insurance",
			"default_service_id": sv.ID})
		r.JSON(t, &cl)
		if r.StatusCode != http.StatusCreated || cl.DefaultServiceID == nil || *cl.DefaultServiceID != sv.ID {
			t.Fatalf("create with a default service: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/clients/"+cl.ID, map[string]any{"default_service_id": theirs.ID})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["default_service_id"] == "" {
			t.Errorf("another practice's service: %d %s", r.StatusCode, r.Body)
		}
		c.API("PATCH", "/api/v1/clients/"+cl.ID, map[string]any{"default_service_id": ""}).JSON(t, &cl)
		if cl.DefaultServiceID != nil {
			t.Errorf("not cleared: %v", *cl.DefaultServiceID)
		}

		base := "/api/v1/clients/" + cl.ID + "/insurance"
		var pol policyOut
		r = c.API("POST", base, map[string]any{"payer": "Aetna", "member_id": "W1", "starts_on": "2025-01-01", "ends_on": "2025-12-31"})
		r.JSON(t, &pol)
		if r.StatusCode != http.StatusCreated || pol.Priority != "primary" || !pol.InUse {
			t.Fatalf("add: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", base, map[string]any{"payer": "Cigna"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["priority"] == "" {
			t.Errorf("second primary: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PUT", base+"/"+pol.ID, map[string]any{"payer": "Aetna", "starts_on": "2025-06-01", "ends_on": "2025-01-01"}); r.Err(t).Error.Fields["ends_on"] == "" {
			t.Errorf("end before start: %s", r.Body)
		}
		c.API("PUT", base+"/"+pol.ID, map[string]any{"payer": "Aetna Choice", "priority": "secondary"}).JSON(t, &pol)
		if pol.Payer != "Aetna Choice" || pol.Priority != "secondary" {
			t.Errorf("put: %+v", pol)
		}
		var list struct {
			Items     []policyOut `json:"items"`
			PersonID  *string     `json:"person_id"`
			CanChange bool        `json:"can_change"`
		}
		c.Get(base).JSON(t, &list)
		if len(list.Items) != 1 || !list.CanChange || list.PersonID == nil {
			t.Errorf("list: %+v", list)
		}
		them := h.Client()
		them.Login("boss@elsewhere.example", apptest.StrongPassword)
		if r := them.Get(base); r.StatusCode != http.StatusNotFound {
			t.Errorf("another practice lists: %d", r.StatusCode)
		}
		if r := c.API("DELETE", base+"/"+pol.ID, nil); r.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d", r.StatusCode)
		}

		// GR-2: a couple chart's policy is the identified patient's.
		cl2, err := h.App.Clients.Create(t.Context(), as, model.ClientChange{FirstName: strp("Sam"), LastName: strp("Stone")})
		if err != nil {
			t.Fatal(err)
		}
		g, err := h.App.Clients.CreateGroup(t.Context(), as, clients.GroupInput{Change: model.ClientChange{GroupName: strp("Rivera-Stone")},
			Members: []model.MemberInput{{ClientID: cl.ID}, {ClientID: cl2.ID, IdentifiedPatient: true}}})
		if err != nil {
			t.Fatal(err)
		}
		r = c.API("POST", "/api/v1/clients/"+g.ID+"/insurance", map[string]any{"payer": "Blue Cross", "subscriber_relationship": "spouse"})
		r.JSON(t, &pol)
		if r.StatusCode != http.StatusCreated || pol.PersonID != cl2.PersonID || pol.PersonName != "Sam Stone" {
			t.Errorf("group policy: %d %s", r.StatusCode, r.Body)
		}
	})
}
