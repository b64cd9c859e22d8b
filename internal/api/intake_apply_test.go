package api_test

import (
	"slices"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type portalFieldsOut struct {
	ID      string `json:"id"`
	State   string `json:"state"`
	Answers map[string]string
	Fields  []struct{ ID, Help string }
}

type intakeReviewOut struct {
	Rows []struct {
		Key        string `json:"key"`
		Chart      string `json:"chart"`
		Answer     string `json:"answer"`
		Same       bool   `json:"same"`
		Applicable bool   `json:"applicable"`
		Suggested  bool   `json:"suggested"`
		Parts      []struct {
			Field    string `json:"field"`
			Proposed string `json:"proposed"`
		} `json:"parts"`
	} `json:"rows"`
	AppliedAt *string  `json:"applied_at"`
	Applied   []string `json:"applied_fields"`
}

func fieldIDs(d portalFieldsOut) []string {
	var out []string
	for _, f := range d.Fields {
		out = append(out, f.ID)
	}
	return out
}

// intakeWorld is a client with a date of birth and a phone on the chart, invited with the built-in
// intake, registered in the portal: staff client c, portal client p and the intake's request id.
func intakeWorld(t *testing.T, h *apptest.Harness) (c, p *apptest.Client, chartID, requestID string) {
	t.Helper()
	srv := h.SMTP(t)
	c = h.Client()
	c.Login("owner@example.org", apptest.StrongPassword)
	tpl := builtinIDs(t, c)
	var ada clientOut
	c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net",
		"date_of_birth": "1990-04-17", "phone": "555 010 0199"}).JSON(t, &ada)
	c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"template_ids": []string{tpl["intake"]}})
	p = h.Client()
	p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
	var docs struct{ Items []portalFieldsOut }
	p.API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
	if len(docs.Items) != 1 {
		t.Fatalf("the client has %d documents, want the intake", len(docs.Items))
	}
	return c, p, ada.ID, docs.Items[0].ID
}

// Issue 13, item 10: the intake no longer asks for what the chart holds (date of birth, phone), and it
// is not required then; with the practice setting on, those questions come filled in from the chart for
// the client to confirm.
func TestIntakeLeavesOutWhatTheChartHolds(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c, p, _, req := intakeWorld(t, h)
		var doc portalFieldsOut
		p.API("GET", "/api/v1/portal/documents/"+req, nil).JSON(t, &doc)
		ids := fieldIDs(doc)
		if slices.Contains(ids, "date_of_birth") || slices.Contains(ids, "phone") || !slices.Contains(ids, "address") || !slices.Contains(ids, "presenting_concerns") {
			t.Fatalf("the intake asks %v; want no date of birth or phone (on the chart), but the address", ids)
		}

		var pr struct {
			IntakeConfirmsOnFile bool `json:"intake_confirms_on_file"`
		}
		r := c.API("PATCH", "/api/v1/practice", map[string]any{"intake_confirms_on_file": true})
		r.JSON(t, &pr)
		if r.StatusCode != 200 || !pr.IntakeConfirmsOnFile {
			t.Fatalf("the setting: %d %s", r.StatusCode, r.Body)
		}
		p.API("GET", "/api/v1/portal/documents/"+req, nil).JSON(t, &doc)
		ids = fieldIDs(doc)
		if !slices.Contains(ids, "date_of_birth") || doc.Answers["date_of_birth"] != "1990-04-17" || doc.Answers["phone"] != "555 010 0199" {
			t.Fatalf("to confirm: fields %v, answers %v", ids, doc.Answers)
		}
		for _, f := range doc.Fields {
			if f.ID == "phone" && f.Help == "" {
				t.Fatal("a filled-in question does not say where its answer comes from")
			}
		}
	})
}

// Issue 13, item 10 (bad input): "Apply to chart" shows the intake's answers beside the chart's values,
// field by field, suggests only what fills an empty place, and never copies what is not chosen. A value
// the chart refuses (a phone number that is not one) comes back under its own field and nothing is
// applied, not even the other chosen answers; corrected, everything chosen is applied at once.
func TestApplyIntakeToChart(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		bea := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bea), apptest.StrongPassword, beaPassword, false); err != nil {
			t.Fatal(err)
		}
		c, p, chart, req := intakeWorld(t, h)
		if r := c.API("GET", "/api/v1/document-requests/"+req+"/intake", nil); r.StatusCode != 422 {
			t.Fatalf("an unfinished intake: %d %s", r.StatusCode, r.Body)
		}
		answers := map[string]string{"legal_name": "Augusta Ada King", "pronouns": "she/her", "address": "12 Oak St\nSpringfield, IL 62704",
			"emergency_contact": "Mary Somerville, 555 123", "presenting_concerns": "Sleep."}
		if r := p.API("POST", "/api/v1/portal/documents/"+req+"/submit", map[string]any{"answers": answers}); r.StatusCode != 200 {
			t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
		}
		// The client's pronouns differ from what staff wrote; that is never suggested.
		c.API("PATCH", "/api/v1/clients/"+chart, map[string]any{"pronouns": "they/them"})

		var v intakeReviewOut
		c.API("GET", "/api/v1/document-requests/"+req+"/intake", nil).JSON(t, &v)
		rows := map[string]int{}
		for i, row := range v.Rows {
			rows[row.Key] = i
		}
		legal, pron, addr, dob := v.Rows[rows["legal_name"]], v.Rows[rows["pronouns"]], v.Rows[rows["address"]], v.Rows[rows["date_of_birth"]]
		switch {
		case !legal.Suggested || legal.Parts[0].Proposed != "Augusta Ada" || legal.Parts[1].Proposed != "King":
			t.Fatalf("legal name row: %+v", legal)
		case pron.Suggested || !pron.Applicable || pron.Chart != "they/them" || pron.Answer != "she/her":
			t.Fatalf("pronouns row: %+v", pron)
		case addr.Parts[2].Proposed != "Springfield" || addr.Parts[3].Proposed != "IL" || addr.Parts[4].Proposed != "62704":
			t.Fatalf("address row: %+v", addr)
		case dob.Applicable || dob.Chart != "1990-04-17":
			t.Fatalf("date of birth row (not asked): %+v", dob)
		}

		r := c.API("POST", "/api/v1/document-requests/"+req+"/apply", map[string]any{"use": []string{"legal_name", "emergency_contact"}})
		if e := r.Err(t).Error; r.StatusCode != 422 || e.Fields["emergency_contact.phone"] == "" || e.Message == "" {
			t.Fatalf("a phone the chart refuses: %d %s", r.StatusCode, r.Body)
		}
		var ch struct {
			clientOut
			LegalFirstName string `json:"legal_first_name"`
			Pronouns       string `json:"pronouns"`
		}
		c.API("GET", "/api/v1/clients/"+chart, nil).JSON(t, &ch)
		if ch.LegalFirstName != "" || ch.EmergencyContact.Name != "" {
			t.Fatalf("half applied: %+v", ch)
		}
		if r := c.API("POST", "/api/v1/document-requests/"+req+"/apply", map[string]any{"use": []string{}}); r.StatusCode != 422 {
			t.Fatalf("nothing chosen: %d", r.StatusCode)
		}
		b := h.Client()
		b.Login("bea@example.org", beaPassword)
		if r := b.API("POST", "/api/v1/document-requests/"+req+"/apply", map[string]any{"use": []string{"legal_name"}}); r.StatusCode != 404 {
			t.Fatalf("billing staff applying an intake: %d", r.StatusCode)
		}

		r = c.API("POST", "/api/v1/document-requests/"+req+"/apply", map[string]any{"use": []string{"legal_name", "emergency_contact", "address"},
			"values": map[string]string{"emergency_contact.phone": "555 123 4567", "address.country": "United States"}})
		if r.StatusCode != 200 {
			t.Fatalf("apply: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/clients/"+chart, nil).JSON(t, &ch)
		if ch.LegalFirstName != "Augusta Ada" || ch.EmergencyContact.Name != "Mary Somerville" || ch.Address.City != "Springfield" || ch.Pronouns != "they/them" {
			t.Fatalf("after applying: %+v", ch)
		}
		c.API("GET", "/api/v1/document-requests/"+req+"/intake", nil).JSON(t, &v)
		if v.AppliedAt == nil || !slices.Equal(v.Applied, []string{"legal_name", "emergency_contact", "address"}) {
			t.Fatalf("applied: %v %v", v.AppliedAt, v.Applied)
		}
		// A document that is not the built-in intake has nothing to apply.
		tpl := builtinIDs(t, c)
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+chart+"/documents", map[string]any{"template_ids": []string{tpl["phq9"]}}).JSON(t, &list)
		for _, x := range list.Items {
			if x.TemplateID == tpl["phq9"] {
				if r := c.API("GET", "/api/v1/document-requests/"+x.ID+"/intake", nil); r.StatusCode != 422 {
					t.Fatalf("a PHQ-9's intake review: %d", r.StatusCode)
				}
			}
		}
	})
}
