package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/testdb"
)

// Issue 15, items 2, 5, 6 and 8: through the API two versions compare word by word in the section that
// changed; a version downloads as a PDF with the diagnosis code and its hash; a draft is generated as a
// new plan and as a new version, unsigned; unknown options are 422 by field; billing gets 404.
// Proves TP-1, TP-2.
func TestTreatmentPlanDiffPDFGenerateAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		dx, err := h.App.Clinical.AddDiagnosis(t.Context(), apptest.As(clin), chart.ID, model.DiagnosisInput{Code: "F41.1", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		c := signedIn(t, h, clin)
		today := h.Clock.Now().Format(time.DateOnly)
		base := "/api/v1/clients/" + chart.ID + "/treatment-plans"
		var made planSavedOut
		c.API("POST", base, planBody(dx.ID, "Worry less at work", today)).JSON(t, &made)
		plan := base + "/" + made.Plan.ID
		next := planBody(dx.ID, "Worry much less at home", today)
		next["base_version"] = 1
		if r := c.API("PUT", plan, next); r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.Body)
		}

		var diff struct {
			Summary  struct{ WordsAdded, WordsRemoved int } `json:"summary"`
			Text     string                                 `json:"summary_text"`
			Sections []struct {
				Name    string
				Changed bool
				Spans   []struct{ Op, Text string }
			} `json:"sections"`
		}
		r := c.API("GET", plan+"/diff?from=1&to=2", nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("diff: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &diff)
		var ins, del []string
		for _, s := range diff.Sections {
			if s.Changed != (s.Name == "Problem 1") {
				t.Errorf("section %s changed=%v", s.Name, s.Changed)
			}
			for _, sp := range s.Spans {
				switch sp.Op {
				case "insert":
					ins = append(ins, sp.Text)
				case "delete":
					del = append(del, sp.Text)
				}
			}
		}
		if i, dl := strings.Join(ins, ""), strings.Join(del, ""); !strings.Contains(i, "much") || !strings.Contains(i, "home") || !strings.Contains(dl, "work") ||
			!strings.Contains(diff.Text, "added") {
			t.Fatalf("inserted %q, deleted %q, summary %q", i, dl, diff.Text)
		}
		if r := c.API("GET", plan+"/diff?from=1&to=9", nil); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["to"] == "" {
			t.Fatalf("a version the plan lacks: %d %s", r.StatusCode, r.Body)
		}

		r = c.Get(plan + "/versions/2/pdf")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("pdf: %d %v", r.StatusCode, r.Header)
		}
		text, err := pdftest.Text(r.Body)
		if err != nil || !strings.Contains(text, "F41.1") || !strings.Contains(text, "Worry much less at home") {
			t.Fatalf("pdf text: %v %q", err, text)
		}

		var g struct {
			planSavedOut
			Fallback string `json:"fallback"`
			External bool   `json:"external"`
		}
		r = c.API("POST", base+"/generate", map[string]any{"length": "short", "tone": "clinical", "format": "bullets"})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("generate: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &g)
		if g.Version.Number != 1 || g.Version.Source != "builtin" || len(g.Version.Signatures) != 0 || g.External || g.Version.Content.Diagnoses[0].Code != "F41.1" {
			t.Fatalf("generated: %s", r.Body)
		}
		r = c.API("POST", base+"/"+g.Plan.ID+"/generate", map[string]any{"source": "llm"})
		r.JSON(t, &g)
		if r.StatusCode != http.StatusCreated || g.Version.Number != 2 || g.Fallback == "" || g.External {
			t.Fatalf("asked for the model with none configured: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", base+"/generate", map[string]any{"tone": "chatty"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["tone"] == "" {
			t.Fatalf("an unknown tone: %d %s", r.StatusCode, r.Body)
		}
		b := signedIn(t, h, bill)
		for _, path := range []string{plan + "/diff?from=1&to=2", plan + "/versions/1/pdf"} {
			if r := b.Get(path); r.StatusCode != http.StatusNotFound {
				t.Errorf("billing %s: %d", path, r.StatusCode)
			}
		}
		if r := b.API("POST", base+"/generate", map[string]any{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("billing generates: %d", r.StatusCode)
		}
	})
}
