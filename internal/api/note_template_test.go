package api_test

import (
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 14, item 3 (NT-1) through the API: a session note template is made with kind "note", refuses a
// field that makes no sense in a note with a 422 naming it, is listed with ?kind=note, cannot be requested
// from a client, and starts a note whose sections are its fields.
func TestNoteTemplatesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		bad := map[string]any{"kind": "note", "name": "Check-in", "fields": []any{
			map[string]any{"id": "focus", "kind": "paragraph", "label": "Focus"},
			map[string]any{"id": "rating", "kind": "scale", "label": "Rating", "min": 0, "max": 10}}}
		if r := c.API("POST", "/api/v1/document-templates", bad); r.StatusCode != 422 || r.Err(t).Error.Fields["fields.1.kind"] == "" {
			t.Fatalf("a scale in a note template: %d %s", r.StatusCode, r.Body)
		}
		good := map[string]any{"kind": "note", "name": "Check-in", "fields": []any{
			map[string]any{"id": "focus", "kind": "paragraph", "label": "Focus", "help": "What the session was about"},
			map[string]any{"id": "next", "kind": "text", "label": "Next step"}}}
		var tp templateOut
		if r := c.API("POST", "/api/v1/document-templates", good); r.StatusCode != 201 {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		} else {
			r.JSON(t, &tp)
		}
		if r := c.API("PATCH", "/api/v1/document-templates/"+tp.ID, map[string]any{"kind": "custom"}); r.StatusCode != 422 || r.Err(t).Error.Fields["kind"] == "" {
			t.Errorf("a note template turned into a client's form: %d %s", r.StatusCode, r.Body)
		}
		var list struct{ Items []templateOut }
		c.API("GET", "/api/v1/document-templates?kind=note", nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != tp.ID {
			t.Errorf("?kind=note: %+v", list.Items)
		}
		c.API("GET", "/api/v1/document-templates?kind=intake", nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Builtin != "intake" {
			t.Errorf("?kind=intake: %+v", list.Items)
		}
		if r := c.API("GET", "/api/v1/document-templates?kind=poem", nil); r.StatusCode != 422 || r.Err(t).Error.Fields["kind"] == "" {
			t.Errorf("?kind=poem: %d", r.StatusCode)
		}
		var client struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera"}).JSON(t, &client)
		if r := c.API("PUT", "/api/v1/clients/"+client.ID+"/documents", map[string]any{"template_ids": []string{tp.ID}}); r.StatusCode != 422 ||
			r.Err(t).Error.Fields["template_ids"] == "" {
			t.Errorf("requesting a note template from a client: %d %s", r.StatusCode, r.Body)
		}
		var note struct {
			Template     string
			TemplateName string `json:"template_name"`
			Sections     []model.NoteSection
		}
		r := c.API("POST", "/api/v1/clients/"+client.ID+"/notes", map[string]any{"template": tp.ID, "sections": map[string]string{"focus": "Sleep."}})
		if r.StatusCode != 201 {
			t.Fatalf("a note from the template: %d %s", r.StatusCode, r.Body)
		}
		r.JSON(t, &note)
		want := []model.NoteSection{{Key: "focus", Label: "Focus", Hint: "What the session was about", Text: "Sleep."}, {Key: "next", Label: "Next step"}}
		if note.Template != tp.ID || note.TemplateName != "Check-in" || len(note.Sections) != 2 || note.Sections[0] != want[0] || note.Sections[1] != want[1] {
			t.Errorf("note: %+v", note)
		}
	})
}
