package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// GET /api/v1/clients/{id}/overview: the same blocks as the Overview tab. The owner gets the flagged
// PHQ-9 under flags, the scores, the documents waiting and the treatment plan whose review date has come
// (under flags too); billing gets the chart without any of them
// (the keys are absent, not empty); a colleague's clinician and another practice get 404; the read is
// audited with ids only.
// Proves CL-10, TP-1.
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
		// Issue 15: an active plan whose review date has come.
		made, err := h.App.Plans.Create(context.Background(), apptest.As(owner), ada.ID, plans.SaveInput{Content: model.PlanContent{
			Title: "Care plan", ReviewDate: h.Clock.Now().Format(time.DateOnly)}})
		if err != nil {
			t.Fatal(err)
		}
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
				ChangePlans   bool `json:"change_plans"`
			}
			Plans []struct {
				ID, Title string
				Version   int
				ReviewDue bool `json:"review_due"`
				Signed    bool `json:"clinician_signed"`
			} `json:"treatment_plans"`
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
		flagged, review := false, false
		for _, f := range o.Flags {
			flagged = flagged || (f.Kind == "flagged_document" && f.RecordID == phq)
			review = review || (f.Kind == "plan_review" && f.RecordID == made.Plan.ID)
		}
		if !flagged || !review {
			t.Errorf("flags %+v lack the flagged PHQ-9 or the plan's review", o.Flags)
		}
		if len(o.Plans) != 1 || o.Plans[0].ID != made.Plan.ID || o.Plans[0].Title != "Care plan" || o.Plans[0].Version != 1 ||
			!o.Plans[0].ReviewDue || o.Plans[0].Signed || !o.Can.ChangePlans {
			t.Errorf("treatment plans %+v, can change %v", o.Plans, o.Can.ChangePlans)
		}

		billing, _ := staffClient(t, h, owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		r = billing.API("GET", path, nil)
		if r.StatusCode != 200 {
			t.Fatalf("billing: %d %s", r.StatusCode, r.Body)
		}
		body := string(r.Body)
		for _, leak := range []string{`"scores"`, `"documents"`, `"diagnoses"`, `"recent_notes"`, `"drafts"`, "PHQ-9", "GAD-7", phq,
			`"treatment_plans"`, "plan_review", made.Plan.ID, "Care plan"} {
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
