package api_test

import (
	"net/http"
	"net/mail"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

// recipient is the To address of the i-th message the test server received.
func recipient(t *testing.T, srv *mailtest.Server, i int) string {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(srv.Messages()[i]))
	if err != nil {
		t.Fatal(err)
	}
	a, err := mail.ParseAddress(m.Header.Get("To"))
	if err != nil {
		t.Fatal(err)
	}
	return a.Address
}

// phq9 are a PHQ-9's answers: 1 point on items 1 to 8, and item9 on item 9.
func phq9(item9 string) map[string]string {
	out := map[string]string{"item9": item9}
	for i := 1; i <= 8; i++ {
		out["item"+string(rune('0'+i))] = "Several days"
	}
	return out
}

type flaggedDoc struct {
	requestOut
	Crisis string `json:"crisis_resources"`
}

// Issue 13, item 11 (DC-4, PT-9, TR-3): a PHQ-9 answered above "Not at all" on item 9 emails the assigned
// clinician at once, or the owner when the chart has none; the email says only that a questionnaire needs
// attention, with a link; the client's answer carries the crisis text (the 988 Lifeline for a US
// practice, or the practice's own); the alert is audited; a crisis text over 2,000 characters is refused.
func TestFlaggedPHQ9AlertsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		o := h.Client()
		o.Login("owner@example.org", apptest.StrongPassword)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		tpl := builtinIDs(t, o)

		// newClient makes a client in the portal with a PHQ-9 waiting, and returns the portal client and the request's id.
		newClient := func(first, email, clinician string) (*apptest.Client, string, string) {
			in := map[string]any{"first_name": first, "last_name": "Lovelace", "email": email}
			if clinician != "" {
				in["assigned_clinician_id"] = clinician
			}
			var c clientOut
			o.API("POST", "/api/v1/clients", in).JSON(t, &c)
			o.API("POST", "/api/v1/clients/"+c.ID+"/invitations", map[string]any{"features": []string{"documents"}})
			p := h.Client()
			p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
			var list struct{ Items []requestOut }
			o.API("PUT", "/api/v1/clients/"+c.ID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"]}}).JSON(t, &list)
			return p, c.ID, list.Items[0].ID
		}
		submit := func(p *apptest.Client, req string, answers map[string]string) flaggedDoc {
			t.Helper()
			var doc flaggedDoc
			r := p.API("POST", "/api/v1/portal/documents/"+req+"/submit", map[string]any{"answers": answers})
			r.JSON(t, &doc)
			if r.StatusCode != http.StatusOK || doc.State != "completed" {
				t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
			}
			return doc
		}

		// Ada's clinician is Cal: he, and only he, is emailed; Ada is shown the 988 Lifeline.
		ada, adaChart, adaReq := newClient("Ada", "ada@example.net", cal.ID)
		before := len(srv.Messages())
		doc := submit(ada, adaReq, phq9("Several days"))
		if !strings.Contains(doc.Crisis, "988 Suicide & Crisis Lifeline") || !strings.Contains(doc.Crisis, "911") {
			t.Fatalf("the client's answer lacks the crisis resources: %q", doc.Crisis)
		}
		h.RunJobs()
		if n := len(srv.Messages()) - before; n != 1 {
			t.Fatalf("%d messages after a flagged PHQ-9, want 1 to the clinician", n)
		}
		if to := recipient(t, srv, before); to != "cal@example.org" {
			t.Fatalf("the alert went to %s, want the assigned clinician", to)
		}
		subject, text := srv.Subject(t, before), srv.Text(t, before)
		if subject != "A questionnaire needs your attention" || !strings.Contains(text, "http://127.0.0.1/clients/"+adaChart+"/documents/"+adaReq) {
			t.Fatalf("alert: %q\n%s", subject, text)
		}
		for _, clinical := range []string{"PHQ", "Ada", "Lovelace", "item", "harm", "dead", "score", "Mild", "Several days"} {
			if strings.Contains(subject+text, clinical) || (clinical != "item" && strings.Contains(srv.Messages()[before], clinical)) {
				t.Fatalf("the alert carries %q:\n%s", clinical, srv.Messages()[before])
			}
		}

		// Ben has no clinician: the owner is emailed.
		ben, _, benReq := newClient("Ben", "ben@example.net", "")
		before = len(srv.Messages())
		submit(ben, benReq, phq9("Nearly every day"))
		h.RunJobs()
		if n := len(srv.Messages()) - before; n != 1 || recipient(t, srv, before) != "owner@example.org" {
			t.Fatalf("%d messages; want one to the owner when no clinician is assigned", n)
		}

		// Item 9 at "Not at all": no email, no crisis text.
		cy, _, cyReq := newClient("Cy", "cy@example.net", cal.ID)
		before = len(srv.Messages())
		if doc := submit(cy, cyReq, phq9("Not at all")); doc.Crisis != "" {
			t.Fatalf("crisis text without a flag: %q", doc.Crisis)
		}
		h.RunJobs()
		if n := len(srv.Messages()) - before; n != 0 {
			t.Fatalf("%d messages after an unflagged PHQ-9", n)
		}

		// The alerts are audited, with the staff they went to.
		var events struct {
			Items []struct {
				RecordID string `json:"record_id"`
				ChartID  string `json:"chart_id"`
				Detail   string `json:"detail"`
				Outcome  string `json:"outcome"`
			}
			Total int
		}
		o.API("GET", "/api/v1/audit-events?action=document.flag_alert", nil).JSON(t, &events)
		if events.Total != 2 {
			t.Fatalf("%d flag alerts audited, want 2", events.Total)
		}
		byRecord := map[string]string{}
		for _, e := range events.Items {
			byRecord[e.RecordID] = e.Detail
		}
		if byRecord[adaReq] != "emailed="+cal.ID || byRecord[benReq] != "emailed="+owner.ID {
			t.Fatalf("audited alerts: %v", byRecord)
		}

		// The practice's own crisis text: too long is refused with the field named, and nothing changes.
		long := strings.Repeat("Call the county crisis line. ", 70) // 2,030 characters
		r := o.API("PATCH", "/api/v1/practice", map[string]any{"crisis_text": long, "name": "Renamed Counseling"})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Err(t).Error.Fields["crisis_text"], "2,000") {
			t.Fatalf("a crisis text over 2,000 characters: %d %s", r.StatusCode, r.Body)
		}
		var pr struct {
			Name            string `json:"name"`
			CrisisText      string `json:"crisis_text"`
			CrisisTextInUse string `json:"crisis_text_in_use"`
		}
		o.API("GET", "/api/v1/practice", nil).JSON(t, &pr)
		if pr.Name != "Harbor Counseling" || pr.CrisisText != "" || !strings.Contains(pr.CrisisTextInUse, "988") {
			t.Fatalf("after a refused change: %+v", pr)
		}
		own := "Call the Lakeside crisis line: 555-0100, any hour.\r\nIn danger now? Call 911."
		r = o.API("PATCH", "/api/v1/practice", map[string]any{"crisis_text": own})
		r.JSON(t, &pr)
		if r.StatusCode != http.StatusOK || pr.CrisisText != strings.ReplaceAll(own, "\r\n", "\n") || pr.CrisisTextInUse != pr.CrisisText {
			t.Fatalf("saving a crisis text: %d %s", r.StatusCode, r.Body)
		}
		ed, _, edReq := newClient("Ed", "ed@example.net", "")
		if doc := submit(ed, edReq, phq9("More than half the days")); doc.Crisis != pr.CrisisText {
			t.Fatalf("the client is shown %q, want the practice's own text", doc.Crisis)
		}
	})
}

// Issue 13, item 17 (DC-4, TR-3): the API's submit uses the answers saved as progress and merges those
// sent with it: a sent answer wins over a saved one, and one sent empty clears it.
func TestSubmitMergesSavedAnswersAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		p := h.Client()
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"], tpl["gad7"]}}).JSON(t, &list)
		ids := map[string]string{}
		for _, x := range list.Items {
			ids[x.TemplateID] = x.ID
		}
		phq, gad := ids[tpl["phq9"]], ids[tpl["gad7"]]

		// Items 1 to 8 saved, item 9 sent with the submit; item 1 sent again with another answer.
		saved := phq9("")
		delete(saved, "item9")
		if r := p.API("PUT", "/api/v1/portal/documents/"+phq, map[string]any{"answers": saved}); r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.Body)
		}
		var doc requestOut
		r := p.API("POST", "/api/v1/portal/documents/"+phq+"/submit", map[string]any{"answers": map[string]string{"item9": "Not at all", "item1": "Nearly every day"}})
		r.JSON(t, &doc)
		if r.StatusCode != http.StatusOK || doc.State != "completed" || len(doc.Answers) != 9 || doc.Answers["item1"] != "Nearly every day" ||
			doc.Answers["item2"] != "Several days" || doc.Score == nil || *doc.Score != 10 {
			t.Fatalf("submit over saved answers: %d %s", r.StatusCode, r.Body)
		}

		// An answer sent empty clears the saved one: a required question is then missing, and nothing is stored.
		all := map[string]string{}
		for i := 1; i <= 7; i++ {
			all["item"+string(rune('0'+i))] = "Not at all"
		}
		p.API("PUT", "/api/v1/portal/documents/"+gad, map[string]any{"answers": all})
		r = p.API("POST", "/api/v1/portal/documents/"+gad+"/submit", map[string]any{"answers": map[string]string{"item3": ""}})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["item3"] == "" {
			t.Fatalf("a cleared required answer: %d %s", r.StatusCode, r.Body)
		}
		p.API("GET", "/api/v1/portal/documents/"+gad, nil).JSON(t, &doc)
		if doc.State != "in_progress" || doc.Answers["item3"] != "Not at all" {
			t.Fatalf("a refused submit changed the document: %+v", doc)
		}
		// The staff view gives each scored item's points and the maximum.
		var staff struct {
			requestOut
			ScoreMax int            `json:"score_max"`
			Points   map[string]int `json:"points"`
		}
		c.API("GET", "/api/v1/document-requests/"+phq, nil).JSON(t, &staff)
		if staff.ScoreMax != 27 || staff.Points["item1"] != 3 || staff.Points["item2"] != 1 || staff.Points["item9"] != 0 || len(staff.Points) != 9 {
			t.Fatalf("points: max %d, %v", staff.ScoreMax, staff.Points)
		}
	})
}
