package api_test

import (
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// GET /api/v1/clients/{id}/overview: the same blocks as the Overview tab. The owner gets the flagged
// PHQ-9 under flags, the scores and the documents waiting; billing gets the chart without any of them
// (the keys are absent, not empty); a colleague's clinician and another practice get 404; the read is
// audited with ids only.
// Proves CL-10.
func TestOverviewAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net",
			"date_of_birth": "1991-04-17", "pronouns": "she/her"}).JSON(t, &ada)
		phq := finishDocuments(t, h, c, srv, ada.ID)
		path := "/api/v1/clients/" + ada.ID + "/overview"

		var o struct {
			Client struct {
				ID, Name, Pronouns, Status string
				Age                        *int
			}
			Flags []struct {
				Kind     string
				RecordID string `json:"record_id"`
			}
			Scores []struct {
				Name   string
				Max    int
				Change *int
				Latest struct {
					DocumentID string `json:"document_id"`
					Score      int
				}
			}
			Documents struct {
				Unreviewed []struct{ ID, Flag string }
			}
			Can struct {
				SendDocuments bool `json:"send_documents"`
			}
		}
		r := c.API("GET", path, nil)
		if r.StatusCode != 200 {
			t.Fatalf("owner: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &o)
		if o.Client.ID != ada.ID || o.Client.Pronouns != "she/her" || o.Client.Age == nil || !o.Can.SendDocuments {
			t.Errorf("client block: %+v, can send %v", o.Client, o.Can.SendDocuments)
		}
		if len(o.Scores) != 2 || len(o.Documents.Unreviewed) != 2 || o.Documents.Unreviewed[0].ID != phq || o.Documents.Unreviewed[0].Flag == "" {
			t.Errorf("scores %+v, unreviewed %+v: want two series and the flagged PHQ-9 first", o.Scores, o.Documents.Unreviewed)
		}
		for _, s := range o.Scores {
			if s.Change != nil {
				t.Errorf("%s: a change with one score", s.Name)
			}
		}
		flagged := false
		for _, f := range o.Flags {
			flagged = flagged || (f.Kind == "flagged_document" && f.RecordID == phq)
		}
		if !flagged {
			t.Errorf("flags %+v lack the flagged PHQ-9", o.Flags)
		}

		billing, _ := staffClient(t, h, owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		r = billing.API("GET", path, nil)
		if r.StatusCode != 200 {
			t.Fatalf("billing: %d %s", r.StatusCode, r.Body)
		}
		body := string(r.Body)
		for _, leak := range []string{`"scores"`, `"documents"`, `"diagnoses"`, `"recent_notes"`, `"drafts"`, "PHQ-9", "GAD-7", phq} {
			if strings.Contains(body, leak) {
				t.Errorf("billing's overview holds %s", leak)
			}
		}
		if !strings.Contains(body, `"Ada Lovelace"`) {
			t.Error("billing's overview lacks the client")
		}

		cal, _ := staffClient(t, h, owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		_, stranger := h.AddPractice("Elsewhere", "else@example.org")
		sc := h.Client()
		sc.Login(stranger.Email, apptest.StrongPassword)
		for who, cl := range map[string]*apptest.Client{"a colleague's clinician": cal, "another practice": sc} {
			if r := cl.API("GET", path, nil); r.StatusCode != 404 {
				t.Errorf("%s: %d, want 404", who, r.StatusCode)
			}
		}

		var events struct {
			Items []struct {
				Action   string `json:"action"`
				ChartID  string `json:"chart_id"`
				RecordID string `json:"record_id"`
				Detail   string `json:"detail"`
			}
		}
		c.API("GET", "/api/v1/audit-events?action=chart.overview.view", nil).JSON(t, &events)
		if len(events.Items) < 2 {
			t.Fatalf("overview reads audited: %d, want the owner's and billing's", len(events.Items))
		}
		for _, e := range events.Items {
			if e.ChartID != ada.ID || e.RecordID != ada.ID || strings.Contains(e.Detail, "Ada") {
				t.Errorf("audit event %+v", e)
			}
		}
	})
}
