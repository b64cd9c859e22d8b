package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/testdb"
)

type requestOut struct {
	ID           string            `json:"id"`
	TemplateID   string            `json:"template_id"`
	TemplateName string            `json:"template_name"`
	Version      int               `json:"version"`
	State        string            `json:"state"`
	Notification string            `json:"notification"`
	Answers      map[string]string `json:"answers"`
	Score        *int              `json:"score"`
	Severity     string            `json:"severity"`
	Flag         string            `json:"flag"`
	Content      string            `json:"content_sha256"`
	Signed       string            `json:"signed_content"`
	Warning      string            `json:"warning"`
	Fields       []struct{ ID, Label string }
}

// builtinIDs maps the built-in templates' keys to their ids in the signed-in staff member's practice.
func builtinIDs(t *testing.T, c *apptest.Client) map[string]string {
	t.Helper()
	var tl struct{ Items []templateOut }
	c.API("GET", "/api/v1/document-templates", nil).JSON(t, &tl)
	out := map[string]string{}
	for _, x := range tl.Items {
		out[x.Builtin] = x.ID
	}
	return out
}

// Issue 6, items 3, 4, 5 and 7 through the API (DC-2…DC-5, PT-7, PT-8, PT-12): Manage documentation
// requests and withdraws; notifications show their delivery; the client saves progress, submits and
// signs; answers become read-only; an assessment is scored and flagged; editing a template leaves a sent
// request unchanged; a contact without the permission gets 404; a family member cannot read another's.
// embedsFallbackFont reports whether a PDF embeds a font other than the Go fonts.
func embedsFallbackFont(pdf []byte) bool {
	for _, m := range regexp.MustCompile(`/BaseFont /utf8(\w+)`).FindAllSubmatch(pdf, -1) {
		if name := string(m[1]); name != "go" && name != "goB" {
			return true
		}
	}
	return false
}

func TestDocumentRequestsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.AddPractice("Second Street Therapy", "owner2@example.org")
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
		r := c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"], tpl["consent"], tpl["intake"]}, "notify": true})
		r.JSON(t, &list)
		if r.StatusCode != 200 || len(list.Items) != 3 || list.Items[0].State != "requested" || list.Items[0].Notification != "queued" {
			t.Fatalf("manage: %d %s", r.StatusCode, r.Body)
		}
		before := len(srv.Messages())
		h.RunJobs()
		if len(srv.Messages()) != before+1 || strings.Contains(srv.Text(t, before), "PHQ") || strings.Contains(srv.Subject(t, before), "Ada") {
			t.Fatalf("one notification without clinical content: %d, %q", len(srv.Messages())-before, srv.Text(t, before))
		}
		c.API("GET", "/api/v1/clients/"+ada.ID+"/documents", nil).JSON(t, &list)
		if list.Items[0].Notification != "sent" {
			t.Fatalf("delivery state: %+v", list.Items[0])
		}
		if r := c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{"not-a-template"}}); r.StatusCode != 422 {
			t.Fatalf("unknown template: %d", r.StatusCode)
		}
		ids := map[string]string{}
		for _, x := range list.Items {
			ids[x.TemplateID] = x.ID
		}
		// Editing the intake makes version 2; the request sent keeps version 1 and its questions.
		c.API("PATCH", "/api/v1/document-templates/"+tpl["intake"], map[string]any{"fields": []any{map[string]any{"id": "only", "kind": "text", "label": "Just one question"}}})
		var intake requestOut
		c.API("GET", "/api/v1/document-requests/"+ids[tpl["intake"]], nil).JSON(t, &intake)
		if intake.Version != 1 || len(intake.Fields) < 10 {
			t.Fatalf("the sent request changed with the template: version %d, %d fields", intake.Version, len(intake.Fields))
		}

		// The client fills in the PHQ-9: bad answers refused, progress kept, required checked, scored.
		phq := ids[tpl["phq9"]]
		r = p.API("PUT", "/api/v1/portal/documents/"+phq, map[string]any{"answers": map[string]string{"item1": "Sometimes", "bogus": "x"}})
		if e := r.Err(t).Error; r.StatusCode != 422 || e.Fields["item1"] == "" || e.Fields["answers"] == "" {
			t.Fatalf("bad answers: %d %s", r.StatusCode, r.Body)
		}
		var doc requestOut
		r = p.API("PUT", "/api/v1/portal/documents/"+phq, map[string]any{"answers": map[string]string{"item1": "Several days", "item2": "Nearly every day"}})
		r.JSON(t, &doc)
		if r.StatusCode != 200 || doc.State != "in_progress" || doc.Answers["item2"] != "Nearly every day" {
			t.Fatalf("progress: %d %s", r.StatusCode, r.Body)
		}
		if r := p.API("POST", "/api/v1/portal/documents/"+phq+"/submit", map[string]any{"answers": doc.Answers}); r.StatusCode != 422 || r.Err(t).Error.Fields["item3"] == "" {
			t.Fatalf("missing required answers: %d %s", r.StatusCode, r.Body)
		}
		all := map[string]string{"item1": "Several days", "item2": "Nearly every day", "item3": "Not at all", "item4": "More than half the days",
			"item5": "Not at all", "item6": "Not at all", "item7": "Several days", "item8": "Not at all", "item9": "Several days"}
		r = p.API("POST", "/api/v1/portal/documents/"+phq+"/submit", map[string]any{"answers": all})
		r.JSON(t, &doc)
		if r.StatusCode != 200 || doc.State != "completed" || doc.Score == nil || *doc.Score != 8 || doc.Severity != "Mild" {
			t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
		}
		if r := p.API("PUT", "/api/v1/portal/documents/"+phq, map[string]any{"answers": all}); r.StatusCode != 422 {
			t.Fatalf("a completed document changed: %d", r.StatusCode)
		}
		c.API("GET", "/api/v1/document-requests/"+phq, nil).JSON(t, &doc)
		if doc.Score == nil || *doc.Score != 8 || doc.Flag == "" {
			t.Fatalf("staff view: %+v", doc)
		}

		// The consent is signed: the name is typed and confirmed; another name only warns.
		consent := ids[tpl["consent"]]
		yes := map[string]string{"services": "yes", "confidentiality": "yes", "records": "yes"}
		if r := p.API("POST", "/api/v1/portal/documents/"+consent+"/submit", map[string]any{"answers": yes}); r.StatusCode != 422 {
			t.Fatalf("submitting a signable document: %d", r.StatusCode)
		}
		if r := p.API("POST", "/api/v1/portal/documents/"+consent+"/sign", map[string]any{"answers": yes, "full_name": "Ada Lovelace"}); r.StatusCode != 422 || r.Err(t).Error.Fields["confirm"] == "" {
			t.Fatalf("signing without confirming: %d %s", r.StatusCode, r.Body)
		}
		// A name in several scripts, with an emoji, is accepted and prints (issue 12, item 4).
		r = p.API("POST", "/api/v1/portal/documents/"+consent+"/sign", map[string]any{"answers": yes, "full_name": "Augusta King 王小明 😊", "confirm": true})
		r.JSON(t, &doc)
		if r.StatusCode != 200 || doc.State != "signed" || len(doc.Content) != 64 || doc.Warning == "" {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}

		// The signed document downloads as a PDF, for staff and for the client; an open one has none.
		pdfResp := c.API("GET", "/api/v1/document-requests/"+consent+"/pdf", nil)
		if pdfResp.StatusCode != 200 || pdfResp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdfResp.Body), "%PDF-") ||
			strings.Contains(pdfResp.Header.Get("Content-Disposition"), "Ada") {
			t.Fatalf("staff pdf: %d %s", pdfResp.StatusCode, pdfResp.Header)
		}
		// The app hands its font set to the PDF: a system font with CJK characters is embedded (DC-5).
		if docpdf.NewFonts(docpdf.FontOptions{System: docpdf.SystemFontDirs()}).Has('王') && !embedsFallbackFont(pdfResp.Body) {
			t.Fatal("the PDF of a CJK name embeds no font but the Go fonts")
		}
		if r := p.API("GET", "/api/v1/portal/documents/"+consent+"/pdf", nil); r.StatusCode != 200 || !strings.HasPrefix(string(r.Body), "%PDF-") {
			t.Fatalf("portal pdf: %d", r.StatusCode)
		}
		if r := c.API("GET", "/api/v1/document-requests/"+ids[tpl["intake"]]+"/pdf", nil); r.StatusCode != 422 {
			t.Fatalf("pdf of an open request: %d", r.StatusCode)
		}
		// Untick the intake: withdrawn and gone from the portal; tick again: a fresh request.
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{}}).JSON(t, &list)
		states := map[string]string{}
		for _, x := range list.Items {
			states[x.ID] = x.State
		}
		if states[ids[tpl["intake"]]] != "withdrawn" || states[phq] != "completed" || states[consent] != "signed" {
			t.Fatalf("after unticking: %v", states)
		}
		if r := p.API("GET", "/api/v1/portal/documents/"+ids[tpl["intake"]], nil); r.StatusCode != 404 {
			t.Fatalf("a withdrawn request opens: %d", r.StatusCode)
		}
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["intake"]}}).JSON(t, &list)
		if len(list.Items) != 4 || list.Items[0].State != "requested" || list.Items[0].Version != 2 {
			t.Fatalf("tick again: %+v", list.Items)
		}
		h.RunJobs() // the flagged PHQ-9's alert to the owner
		before = len(srv.Messages())
		if r := c.API("POST", "/api/v1/document-requests/"+list.Items[0].ID+"/resend", nil); r.StatusCode != 200 {
			t.Fatalf("resend: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		if len(srv.Messages()) != before+1 {
			t.Fatal("resend sent nothing")
		}
		// Another practice's staff cannot read it.
		o2 := h.Client()
		o2.Login("owner2@example.org", apptest.StrongPassword)
		if r := o2.API("GET", "/api/v1/document-requests/"+phq, nil); r.StatusCode != 404 {
			t.Fatalf("other practice: %d", r.StatusCode)
		}
	})
}

// PT-7, PT-12: a contact without the documents permission cannot see or sign (404); on a family chart a
// request per member, and a member cannot read another member's.
func TestDocumentPermissionsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		var mia clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent"}}}).JSON(t, &mia)
		var contacts struct{ Items []contactOut }
		c.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		var acc accessOut
		c.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{"appointments"}}).JSON(t, &acc)
		rosa := h.Client()
		rosa.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+mia.ID+"/documents", map[string]any{"template_ids": []string{tpl["consent"]}, "notify": true}).JSON(t, &list)
		if list.Items[0].Notification != "none" {
			t.Fatalf("a notification went to someone without the permission: %+v", list.Items[0])
		}
		var docs struct{ Items []requestOut }
		rosa.API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
		if len(docs.Items) != 0 {
			t.Fatalf("without the permission Rosa sees %d documents", len(docs.Items))
		}
		if r := rosa.API("POST", "/api/v1/portal/documents/"+list.Items[0].ID+"/sign", map[string]any{"full_name": "Rosa Reyes", "confirm": true}); r.StatusCode != 404 {
			t.Fatalf("signing without the permission: %d", r.StatusCode)
		}
		c.API("PATCH", "/api/v1/clients/"+mia.ID+"/portal-users/"+acc.ID, map[string]any{"permissions": []string{"documents"}})
		rosa.API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
		if len(docs.Items) != 1 {
			t.Fatalf("with the permission Rosa sees %d documents", len(docs.Items))
		}

		// A family chart: one request per member; each member sees only their own.
		var ana, bruno, fam clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ana", "last_name": "Lima", "email": "ana@example.net"}).JSON(t, &ana)
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Bruno", "last_name": "Lima", "email": "bruno@example.net"}).JSON(t, &bruno)
		c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lima family",
			"members": []map[string]any{{"client_id": ana.ID}, {"client_id": bruno.ID}}}).JSON(t, &fam)
		portal := map[string]*apptest.Client{}
		for name, id := range map[string]string{"ana": ana.ID, "bruno": bruno.ID} {
			c.API("POST", "/api/v1/clients/"+fam.ID+"/invitations", map[string]any{"member_id": id, "features": []string{"documents"}})
			pc := h.Client()
			pc.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
			portal[name] = pc
		}
		c.API("PUT", "/api/v1/clients/"+fam.ID+"/documents", map[string]any{"template_ids": []string{tpl["gad7"]}}).JSON(t, &list)
		if len(list.Items) != 2 {
			t.Fatalf("want a request per member: %+v", list.Items)
		}
		portal["ana"].API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
		if len(docs.Items) != 1 {
			t.Fatalf("Ana sees %d family documents", len(docs.Items))
		}
		for _, x := range list.Items {
			if x.ID != docs.Items[0].ID {
				if r := portal["ana"].API("GET", "/api/v1/portal/documents/"+x.ID, nil); r.StatusCode != 404 {
					t.Fatalf("Ana opens Bruno's: %d", r.StatusCode)
				}
			}
		}
		// PT-8: the family request shows only on the family chart, not on Ana's own.
		c.API("GET", "/api/v1/clients/"+ana.ID+"/documents", nil).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("a family request shows on Ana's own chart: %+v", list.Items)
		}
	})
}

// CL-6: the intake's legal-sex question is asked in the portal only when the practice turns it on.
func TestIntakeLegalSexSetting(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		intake := builtinIDs(t, c)["intake"]
		p := registered(t, h, srv, c, "Ada", "ada@example.net")
		var me portalMe
		p.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		var ada struct{ Items []clientOut }
		c.API("GET", "/api/v1/clients?q=ada", nil).JSON(t, &ada)
		c.API("PATCH", "/api/v1/clients/"+ada.Items[0].ID+"/portal-users/"+me.Charts[0].ID, map[string]any{"permissions": []string{"documents"}})
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+ada.Items[0].ID+"/documents", map[string]any{"template_ids": []string{intake}}).JSON(t, &list)
		has := func() bool {
			var doc requestOut
			p.API("GET", "/api/v1/portal/documents/"+list.Items[0].ID, nil).JSON(t, &doc)
			for _, f := range doc.Fields {
				if f.ID == "legal_sex" {
					return true
				}
			}
			return false
		}
		if has() {
			t.Fatal("the legal-sex question is asked while the practice setting is off")
		}
		if r := p.API("PUT", "/api/v1/portal/documents/"+list.Items[0].ID, map[string]any{"answers": map[string]string{"legal_sex": "Female"}}); r.StatusCode != 422 {
			t.Fatalf("an answer to a hidden question: %d", r.StatusCode)
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"intake_asks_legal_sex": true})
		if !has() {
			t.Fatal("the legal-sex question is missing with the setting on")
		}
		if r := p.API("PUT", "/api/v1/portal/documents/"+list.Items[0].ID, map[string]any{"answers": map[string]string{"legal_sex": "Female"}}); r.StatusCode != 200 {
			t.Fatalf("answering it: %d %s", r.StatusCode, r.Body)
		}
	})
}

// Review of issue 6: billing staff never see documents; the signature's hash can be checked again from
// the stored content; a sent request keeps its name when the template is renamed; concurrent changes of
// one document never undo a submit; absurd scales, NaN and options with line breaks are refused.
// Proves DC-4, DC-5.
func TestDocumentReviewFindingsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		p := registered(t, h, srv, c, "Ada", "ada@example.net")
		var me portalMe
		p.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		var found struct{ Items []clientOut }
		c.API("GET", "/api/v1/clients?q=ada", nil).JSON(t, &found)
		ada := found.Items[0].ID
		c.API("PATCH", "/api/v1/clients/"+ada+"/portal-users/"+me.Charts[0].ID, map[string]any{"permissions": []string{"documents"}})
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+ada+"/documents", map[string]any{"template_ids": []string{tpl["consent"], tpl["phq9"]}}).JSON(t, &list)
		ids := map[string]string{}
		for _, x := range list.Items {
			ids[x.TemplateID] = x.ID
		}
		yes := map[string]string{"services": "yes", "confidentiality": "yes", "records": "yes"}
		h.Clock.Advance(1234567) // 1.234567 ms: the stored time has milliseconds only
		var doc requestOut
		p.API("POST", "/api/v1/portal/documents/"+ids[tpl["consent"]]+"/sign", map[string]any{"answers": yes, "full_name": "Ada Test", "confirm": true})
		c.API("PATCH", "/api/v1/document-templates/"+tpl["consent"], map[string]any{"name": "Consent (2027)"})
		c.API("GET", "/api/v1/document-requests/"+ids[tpl["consent"]], nil).JSON(t, &doc)
		sum := sha256.Sum256([]byte(doc.Signed))
		if doc.Signed == "" || hex.EncodeToString(sum[:]) != doc.Content {
			t.Fatalf("the hash cannot be checked again: %q vs %q", doc.Content, doc.Signed)
		}
		if doc.TemplateName != "Consent to treatment" {
			t.Fatalf("a signed request took the template's new name: %q", doc.TemplateName)
		}

		// Billing staff: 404 on every document path.
		h.AddStaff(owner, "Bill Ing", "bill@example.org", model.RoleBilling)
		b := h.Client()
		b.Login("bill@example.org", apptest.StrongPassword)
		b.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "billing person passphrase"})
		for _, path := range []string{"/api/v1/clients/" + ada + "/documents", "/api/v1/document-requests/" + ids[tpl["consent"]],
			"/api/v1/document-requests/" + ids[tpl["consent"]] + "/pdf"} {
			if r := b.API("GET", path, nil); r.StatusCode != 404 {
				t.Errorf("billing reads %s: %d", path, r.StatusCode)
			}
		}
		if r := b.API("PUT", "/api/v1/clients/"+ada+"/documents", map[string]any{"template_ids": []string{}}); r.StatusCode != 404 {
			t.Errorf("billing manages documents: %d", r.StatusCode)
		}

		// A save and a submit racing: the submit is never undone.
		all := map[string]string{}
		for i := 1; i <= 9; i++ {
			all["item"+string(rune('0'+i))] = "Several days"
		}
		pp, err := h.App.Portal.Authenticate(context.Background(), p.Cookie("tend_portal"), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _ = h.App.Documents.SaveProgress(context.Background(), pp, ids[tpl["phq9"]], map[string]string{"item1": "Not at all"})
		}()
		go func() {
			defer wg.Done()
			_, _ = h.App.Documents.Submit(context.Background(), pp, ids[tpl["phq9"]], all)
		}()
		wg.Wait()
		c.API("GET", "/api/v1/document-requests/"+ids[tpl["phq9"]], nil).JSON(t, &doc)
		if doc.State != "completed" || doc.Score == nil || *doc.Score != 9 {
			t.Fatalf("after racing a save: %+v", doc)
		}

		// Bad fields and answers.
		for name, f := range map[string]map[string]any{
			"huge scale":   {"id": "s", "kind": "scale", "label": "S", "min": -2, "max": 9223372036854775807},
			"option break": {"id": "o", "kind": "single", "label": "O", "options": []string{"a\nb", "c"}},
		} {
			if r := c.API("POST", "/api/v1/document-templates", map[string]any{"kind": "custom", "name": "X", "fields": []any{f}}); r.StatusCode != 422 {
				t.Errorf("%s: %d %s", name, r.StatusCode, r.Body)
			}
		}
		if _, msg := (model.Field{Kind: model.FieldNumber}).CheckAnswer("NaN"); msg == "" {
			t.Error("NaN accepted as a number")
		}
	})
}
