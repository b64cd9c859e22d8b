package api_test

import (
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type dxJSON struct {
	ID           string  `json:"id"`
	Code         string  `json:"code"`
	Description  string  `json:"description"`
	Label        string  `json:"label"`
	Primary      bool    `json:"primary"`
	Status       string  `json:"status"`
	ResolvedDate *string `json:"resolved_date"`
	RevisionID   string  `json:"revision_id"`
}

type codeJSON struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	Billable    bool   `json:"billable"`
}

// CL-8: diagnoses, medications, history and concerns, and the ICD-10-CM search over the API, with
// field problems for an unknown code and a stop date before the start, and 404 for billing staff.
func TestClinicalAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		op := apptest.As(owner)
		c, err := h.App.Clients.Create(t.Context(), op, model.ClientChange{FirstName: strp("Ana"), LastName: strp("Lima")})
		if err != nil {
			t.Fatal(err)
		}
		a := h.Client()
		a.Login("owner@example.org", apptest.StrongPassword)
		base := "/api/v1/clients/" + c.ID

		r := a.API("POST", base+"/diagnoses", map[string]any{"code": "F41.7"})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["code"] == "" {
			t.Fatalf("unknown code: %d %s, want 422 under code", r.StatusCode, r.Body)
		}
		r = a.API("POST", base+"/diagnoses", map[string]any{"code": "f33.1", "label": "MDD, recurrent, moderate", "primary": true, "onset_date": "2023-09-01"})
		var first dxJSON
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("add: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &first)
		if first.Code != "F33.1" || first.Description != "Major depressive disorder, recurrent, moderate" || !first.Primary || first.RevisionID == "" {
			t.Fatalf("added: %+v", first)
		}
		var second dxJSON
		r = a.API("POST", base+"/diagnoses", map[string]any{"code": "Z63.0", "primary": true})
		r.JSON(t, &second)
		var list struct{ Items []dxJSON }
		a.API("GET", base+"/diagnoses", nil).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != second.ID || !list.Items[0].Primary || list.Items[1].Primary {
			t.Fatalf("the primary mark did not move: %+v", list.Items)
		}
		r = a.API("PATCH", base+"/diagnoses/"+second.ID, map[string]any{"status": "resolved", "resolved_date": "2025-01-15"})
		var resolved dxJSON
		r.JSON(t, &resolved)
		if resolved.Status != "resolved" || resolved.Primary || resolved.ResolvedDate == nil || *resolved.ResolvedDate != "2025-01-15" || resolved.RevisionID == second.RevisionID {
			t.Fatalf("resolve: %d %+v", r.StatusCode, resolved)
		}
		r = a.API("PATCH", base+"/diagnoses/"+second.ID, map[string]any{"status": "active"})
		r.JSON(t, &resolved)
		if resolved.Status != "active" || resolved.ResolvedDate != nil {
			t.Fatalf("reactivate: %+v", resolved)
		}
		if r := a.API("PATCH", base+"/diagnoses/"+second.ID, map[string]any{"colour": "red"}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown field: %d, want 400", r.StatusCode)
		}
		if r := a.API("DELETE", base+"/diagnoses/"+second.ID, nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d", r.StatusCode)
		}
		if r := a.API("GET", base+"/diagnoses/"+second.ID, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("deleted diagnosis: %d, want 404", r.StatusCode)
		}

		r = a.API("POST", base+"/medications", map[string]any{"name": "Sertraline", "start_date": "2025-03-01", "stop_date": "2025-02-01"})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["stop_date"] == "" {
			t.Fatalf("stop before start: %d %s", r.StatusCode, r.Body)
		}
		var med struct {
			ID       string  `json:"id"`
			Name     string  `json:"name"`
			StopDate *string `json:"stop_date"`
		}
		a.API("POST", base+"/medications", map[string]any{"name": "Sertraline", "dose": "50 mg", "start_date": "2025-03-01"}).JSON(t, &med)
		r = a.API("PATCH", base+"/medications/"+med.ID, map[string]any{"stop_date": "2025-02-01"})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("patch stop before start: %d, want 422", r.StatusCode)
		}
		a.API("PATCH", base+"/medications/"+med.ID, map[string]any{"stop_date": "2025-06-30"}).JSON(t, &med)
		if med.StopDate == nil || *med.StopDate != "2025-06-30" || med.Name != "Sertraline" {
			t.Errorf("stop: %+v", med)
		}

		var sum struct {
			History, Concerns string
			RevisionID        *string `json:"revision_id"`
		}
		a.API("PUT", base+"/clinical-summary", map[string]any{"history": "Two earlier episodes."}).JSON(t, &sum)
		a.API("PUT", base+"/clinical-summary", map[string]any{"concerns": "Sleep."}).JSON(t, &sum)
		a.API("GET", base+"/clinical-summary", nil).JSON(t, &sum)
		if sum.History != "Two earlier episodes." || sum.Concerns != "Sleep." || sum.RevisionID == nil {
			t.Errorf("summary: %+v", sum)
		}
		if r := a.API("PUT", base+"/clinical-summary", map[string]any{"history": strings.Repeat("x", 20001)}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("history too long: %d, want 422", r.StatusCode)
		}

		var codes struct{ Items []codeJSON }
		a.API("GET", "/api/v1/icd10?q=f43.1", nil).JSON(t, &codes)
		if len(codes.Items) < 3 || codes.Items[0].Code != "F43.1" || codes.Items[0].Billable || codes.Items[1].Code != "F43.10" {
			t.Errorf("by code: %+v", codes.Items)
		}
		a.API("GET", "/api/v1/icd10?q=anxiety+generalized&billable=true&limit=5", nil).JSON(t, &codes)
		if len(codes.Items) == 0 || len(codes.Items) > 5 || codes.Items[0].Code != "F41.1" {
			t.Errorf("by words: %+v", codes.Items)
		}
		if r := a.API("GET", "/api/v1/icd10?q=f&limit=500", nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("limit 500: %d, want 422", r.StatusCode)
		}

		// Billing staff never learn clinical information exists; the chart itself stays theirs to see.
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bill), apptest.StrongPassword, "a long own passphrase here", false); err != nil {
			t.Fatal(err)
		}
		b := h.Client()
		b.Login("bea@example.org", "a long own passphrase here")
		for _, path := range []string{base + "/diagnoses", base + "/diagnoses/" + first.ID, base + "/medications", base + "/clinical-summary"} {
			if r := b.API("GET", path, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("billing GET %s: %d, want 404", path, r.StatusCode)
			}
		}
		r = b.API("GET", base, nil)
		if r.StatusCode != http.StatusOK || strings.Contains(string(r.Body), "F33") || strings.Contains(string(r.Body), "Sertraline") {
			t.Errorf("billing's chart payload: %d %s", r.StatusCode, r.Body)
		}
	})
}
