package api_test

import (
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

type noteOut struct {
	ID            string `json:"id"`
	State         string `json:"state"`
	ServiceDate   string `json:"service_date"`
	Mood          *int   `json:"mood"`
	ContentSHA256 string `json:"content_sha256"`
	SignedContent string `json:"signed_content"`
	Sections      []struct{ Key, Label, Text string }
	Addenda       []struct{ Reason, Body string }
}

// NT-1, NT-2 through the API: a draft is created, changed, signed and locked; addenda follow; the list
// pages by cursor without bodies; bad input is a 422 by field and a change to a signed note a 409.
func TestNotesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var client struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera"}).JSON(t, &client)
		base := "/api/v1/clients/" + client.ID + "/notes"

		for _, bad := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"template": "soap", "mood": 11}, "mood"},
			{map[string]any{"template": "soap", "service_date": "2026-03-09"}, "service_date"},
			{map[string]any{"template": "soap", "sections": map[string]string{"plan": strings.Repeat("x", 101*1024)}}, "body"},
			{map[string]any{"template": "memo"}, "template"},
		} {
			r := c.API("POST", base, bad.body)
			if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields[bad.field] == "" {
				t.Errorf("create %v: status %d, want 422 on %s: %s", bad.field, r.StatusCode, bad.field, r.Body)
			}
		}
		var n noteOut
		r := c.API("POST", base, map[string]any{"template": "dap", "mood": 5, "duration_minutes": 50, "sections": map[string]string{"data": "Calmer."}})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &n)
		if n.State != "draft" || n.ServiceDate != "2026-03-02" || n.Mood == nil || *n.Mood != 5 || len(n.Sections) != 3 {
			t.Errorf("created: %+v", n)
		}
		r = c.API("PATCH", base+"/"+n.ID, map[string]any{"mood": nil, "sections": map[string]string{"plan": "Weekly."}})
		r.JSON(t, &n)
		if r.StatusCode != http.StatusOK || n.Mood != nil || n.Sections[2].Text != "Weekly." {
			t.Errorf("patch: %d %+v", r.StatusCode, n)
		}
		if r := c.API("POST", base+"/"+n.ID+"/sign", map[string]any{"full_name": "Someone"}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("sign with another name: %d", r.StatusCode)
		}
		r = c.API("POST", base+"/"+n.ID+"/sign", map[string]any{"full_name": "Olivia Owner"})
		r.JSON(t, &n)
		if r.StatusCode != http.StatusOK || n.State != "signed" || n.ContentSHA256 == "" || !strings.Contains(n.SignedContent, "Weekly.") {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", base+"/"+n.ID, map[string]any{"sections": map[string]string{"plan": "Changed."}}); r.StatusCode != http.StatusConflict {
			t.Errorf("patch a signed note: %d, want 409", r.StatusCode)
		}
		if r := c.API("POST", base+"/"+n.ID+"/addenda", map[string]any{"reason": "Correction", "body": "Fifty-five minutes."}); r.StatusCode != http.StatusCreated {
			t.Errorf("addendum: %d %s", r.StatusCode, r.Body)
		}
		var adds struct {
			Items []struct{ Reason, Body string }
		}
		c.API("GET", base+"/"+n.ID+"/addenda", nil).JSON(t, &adds)
		var got noteOut
		c.API("GET", base+"/"+n.ID, nil).JSON(t, &got)
		if len(adds.Items) != 1 || len(got.Addenda) != 1 || got.ContentSHA256 != n.ContentSHA256 || got.SignedContent != n.SignedContent {
			t.Errorf("after the addendum: %d addenda, note %+v", len(adds.Items), got)
		}
		if r := c.Do("GET", base+"/"+n.ID+"/pdf", "", nil); r.StatusCode != http.StatusOK || !strings.HasPrefix(string(r.Body), "%PDF") {
			t.Errorf("pdf: %d", r.StatusCode)
		}

		for i := 0; i < 4; i++ {
			c.API("POST", base, map[string]any{"template": "free", "service_date": "2026-02-0" + string(rune('1'+i))})
		}
		var page struct {
			Items      []noteOut
			NextCursor string `json:"next_cursor"`
			PrevCursor string `json:"prev_cursor"`
		}
		c.API("GET", base+"?limit=2", nil).JSON(t, &page)
		if len(page.Items) != 2 || page.NextCursor == "" || page.PrevCursor != "" || page.Items[0].ID != n.ID || page.Items[0].Sections != nil {
			t.Fatalf("first page: %+v", page)
		}
		seen := 2
		for cur := page.NextCursor; cur != ""; {
			page.NextCursor = ""
			c.API("GET", base+"?limit=2&cursor="+cur, nil).JSON(t, &page)
			seen += len(page.Items)
			cur = page.NextCursor
		}
		if seen != 5 {
			t.Errorf("notes paged: %d, want 5", seen)
		}
		var signed struct{ Items []noteOut }
		c.API("GET", base+"?state=signed&template=dap", nil).JSON(t, &signed)
		if len(signed.Items) != 1 {
			t.Errorf("filtered: %d, want 1", len(signed.Items))
		}
		if r := c.API("GET", base+"?cursor=nonsense", nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad cursor: %d", r.StatusCode)
		}
	})
}
