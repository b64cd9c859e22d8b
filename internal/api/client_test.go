package api_test

import (
	"bytes"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type clientOut struct {
	ID                  string  `json:"id"`
	Kind                string  `json:"kind"`
	FirstName           string  `json:"first_name"`
	Email               string  `json:"email"`
	Phone               string  `json:"phone"`
	DateOfBirth         *string `json:"date_of_birth"`
	Status              string  `json:"status"`
	SetupComplete       bool    `json:"setup_complete"`
	AssignedClinicianID *string `json:"assigned_clinician_id"`
	Tags                []struct{ ID, Name string }
	Address             struct{ City string }
	EmergencyContact    struct{ Name string } `json:"emergency_contact"`
}

// CL-1, CL-2, LS-1…LS-5, ST-1…ST-4 through the JSON API.
func TestClientsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		r := c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ana", "last_name": "Lima", "email": "ana@example.org",
			"phone": "555 010 0100", "date_of_birth": "1990-04-25", "address": map[string]string{"city": "Porto"},
			"emergency_contact": map[string]string{"name": "Rui Lima", "phone": "555 010 0101"}})
		var ana clientOut
		r.JSON(t, &ana)
		if r.StatusCode != 201 || ana.Kind != "individual" || ana.Status != "active" || ana.SetupComplete || ana.Address.City != "Porto" ||
			ana.EmergencyContact.Name != "Rui Lima" || ana.DateOfBirth == nil || *ana.DateOfBirth != "1990-04-25" || ana.AssignedClinicianID == nil {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		dup := c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ana", "last_name": "Again", "email": " ANA@example.org"})
		if dup.StatusCode != 409 || dup.Err(t).Error.Fields["email"] == "" {
			t.Fatalf("duplicate: %d %s", dup.StatusCode, dup.Body)
		}
		bad := c.API("POST", "/api/v1/clients", map[string]any{"first_name": "", "last_name": "X", "date_of_birth": "2999-01-01"})
		if e := bad.Err(t); bad.StatusCode != 422 || e.Error.Fields["first_name"] == "" || e.Error.Fields["date_of_birth"] == "" {
			t.Fatalf("invalid: %d %s", bad.StatusCode, bad.Body)
		}

		r = c.API("POST", "/api/v1/tags", map[string]string{"name": "Couples"})
		var tag struct{ ID, Name string }
		r.JSON(t, &tag)
		if r.StatusCode != 201 {
			t.Fatalf("tag: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/clients/"+ana.ID, map[string]any{"tag_ids": []string{tag.ID}, "pronouns": "she/her"})
		r.JSON(t, &ana)
		if r.StatusCode != 200 || len(ana.Tags) != 1 || ana.Tags[0].Name != "Couples" {
			t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
		}
		var page struct {
			Items []clientOut
			Total int
		}
		c.API("GET", "/api/v1/clients?q=0100&tag="+tag.ID, nil).JSON(t, &page)
		if page.Total != 1 || page.Items[0].ID != ana.ID {
			t.Fatalf("search: %+v", page)
		}
		for _, action := range []string{"deactivate", "reactivate", "archive", "restore"} {
			if r := c.API("POST", "/api/v1/clients/"+ana.ID+"/"+action, nil); r.StatusCode != 200 {
				t.Fatalf("%s: %d %s", action, r.StatusCode, r.Body)
			}
		}
		if r := c.API("POST", "/api/v1/clients/"+ana.ID+"/restore", nil); r.StatusCode != 422 {
			t.Fatalf("restoring an active client: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("GET", "/api/v1/clients?status=archived,inactive&sort=-joined", nil); r.StatusCode != 200 {
			t.Fatalf("filters: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("GET", "/api/v1/clients?status=gone&per_page=9999", nil); r.StatusCode != 422 {
			t.Fatalf("bad filters: %d %s", r.StatusCode, r.Body)
		}

		// Another practice's client answers exactly like a missing one, for every verb.
		theirs, err := h.App.Clients.Create(t.Context(), model.Principal{StaffID: other.ID, PracticeID: other.PracticeID, Role: model.RoleOwner},
			model.ClientChange{FirstName: strp("Their"), LastName: strp("Client")})
		if err != nil {
			t.Fatal(err)
		}
		missing := c.API("GET", "/api/v1/clients/0190b7e2-0000-7000-8000-000000000000", nil)
		for _, req := range []struct{ method, path string }{
			{"GET", "/api/v1/clients/" + theirs.ID}, {"PATCH", "/api/v1/clients/" + theirs.ID},
			{"DELETE", "/api/v1/clients/" + theirs.ID}, {"POST", "/api/v1/clients/" + theirs.ID + "/archive"},
		} {
			var body any
			if req.method == "PATCH" {
				body = map[string]string{"pronouns": "x"}
			}
			r := c.API(req.method, req.path, body)
			if r.StatusCode != 404 || !bytes.Equal(r.Body, missing.Body) {
				t.Fatalf("%s %s: %d %s", req.method, req.path, r.StatusCode, r.Body)
			}
		}
		if r := c.API("POST", "/api/v1/clients/bulk", map[string]any{"action": "archive", "ids": []string{ana.ID, theirs.ID}}); r.StatusCode != 404 {
			t.Fatalf("bulk with another practice's client: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/clients/bulk", map[string]any{"action": "delete", "ids": []string{ana.ID}, "confirm": 1}); r.StatusCode != 200 {
			t.Fatalf("bulk delete: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("GET", "/api/v1/clients/"+ana.ID, nil); r.StatusCode != 404 {
			t.Fatalf("after delete: %d", r.StatusCode)
		}
		if r := c.API("DELETE", "/api/v1/tags/"+tag.ID, nil); r.StatusCode != 204 {
			t.Fatalf("delete tag: %d", r.StatusCode)
		}
	})
}

func strp(s string) *string { return &s }
