package api_test

import (
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

type chartHomeOut struct {
	ToDo []struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"to_do"`
	Completed []struct {
		ID         string    `json:"id"`
		Title      string    `json:"title"`
		State      string    `json:"state"`
		FinishedAt time.Time `json:"finished_at"`
		URL        string    `json:"url"`
		PDFURL     string    `json:"pdf_url"`
	} `json:"completed"`
}

// Issue 13, item 12 (PT-9, DC-4): a finished document stays reachable from the chart's portal home, the
// latest finished first, with its PDF; the documents list keeps one kind with status=.
func TestPortalCompletedDocumentsAPI(t *testing.T) {
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
		var me portalMe
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}).JSON(t, &me)
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"], tpl["consent"]}}).JSON(t, &list)
		ids := map[string]string{}
		for _, x := range list.Items {
			ids[x.TemplateID] = x.ID
		}
		phq, consent := ids[tpl["phq9"]], ids[tpl["consent"]]
		home := func() chartHomeOut {
			t.Helper()
			var out chartHomeOut
			if r := p.API("GET", "/api/v1/portal/charts/"+me.Charts[0].ID, nil); r.StatusCode != 200 {
				t.Fatalf("chart home: %d %s", r.StatusCode, r.Body)
			} else {
				r.JSON(t, &out)
			}
			return out
		}
		if h0 := home(); len(h0.ToDo) != 2 || len(h0.Completed) != 0 {
			t.Fatalf("before: %+v", h0)
		}

		all := map[string]string{"item1": "Several days", "item2": "Nearly every day", "item3": "Not at all", "item4": "More than half the days",
			"item5": "Not at all", "item6": "Not at all", "item7": "Several days", "item8": "Not at all", "item9": "Not at all"}
		if r := p.API("POST", "/api/v1/portal/documents/"+phq+"/submit", map[string]any{"answers": all}); r.StatusCode != 200 {
			t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
		}
		h1 := home()
		if len(h1.ToDo) != 1 || len(h1.Completed) != 1 {
			t.Fatalf("after submitting: %+v", h1)
		}
		done := h1.Completed[0]
		if done.ID != phq || done.State != "completed" || done.FinishedAt.IsZero() || done.URL != "/api/v1/portal/documents/"+phq ||
			done.PDFURL != "/api/v1/portal/documents/"+phq+"/pdf" {
			t.Fatalf("completed entry: %+v", done)
		}
		if r := p.API("GET", done.URL, nil); r.StatusCode != 200 || !strings.Contains(string(r.Body), `"pdf_url":"`+done.PDFURL+`"`) {
			t.Fatalf("the finished document: %d %s", r.StatusCode, r.Body)
		}
		if r := p.API("GET", done.PDFURL, nil); r.StatusCode != 200 || !strings.HasPrefix(string(r.Body), "%PDF-") {
			t.Fatalf("its PDF: %d", r.StatusCode)
		}

		h.Clock.Advance(time.Minute)
		yes := map[string]string{"services": "yes", "confidentiality": "yes", "records": "yes"}
		if r := p.API("POST", "/api/v1/portal/documents/"+consent+"/sign", map[string]any{"answers": yes, "full_name": "Ada Lovelace", "confirm": true}); r.StatusCode != 200 {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		if h2 := home(); len(h2.ToDo) != 0 || len(h2.Completed) != 2 || h2.Completed[0].ID != consent || h2.Completed[0].State != "signed" {
			t.Fatalf("the latest finished is not first: %+v", h2)
		}

		var docs struct {
			Items []struct {
				ID     string `json:"id"`
				State  string `json:"state"`
				PDFURL string `json:"pdf_url"`
			}
		}
		p.API("GET", "/api/v1/portal/documents?status=completed", nil).JSON(t, &docs)
		if len(docs.Items) != 2 || docs.Items[0].PDFURL == "" || docs.Items[1].PDFURL == "" {
			t.Fatalf("completed documents: %+v", docs.Items)
		}
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["intake"]}})
		docs.Items = nil
		p.API("GET", "/api/v1/portal/documents?status=to_do", nil).JSON(t, &docs)
		if len(docs.Items) != 1 || docs.Items[0].State != "requested" || docs.Items[0].PDFURL != "" {
			t.Fatalf("documents to do: %+v", docs.Items)
		}
		if r := p.API("GET", "/api/v1/portal/documents?status=later", nil); r.StatusCode != 422 || r.Err(t).Error.Fields["status"] == "" {
			t.Fatalf("unknown status: %d %s", r.StatusCode, r.Body)
		}
	})
}
