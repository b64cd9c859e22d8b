package api_test

import (
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type templateOut struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Builtin  string        `json:"builtin"`
	Scoring  string        `json:"scoring"`
	Version  int           `json:"version"`
	Archived bool          `json:"archived"`
	Fields   []model.Field `json:"fields"`
}

// DC-1 and issue 6, items 1, 2 and 7: the library starts with the built-ins; bad templates are refused
// with the field at fault; an edit makes a new version; assessments' questions are fixed; archive and
// restore; another practice's template is not found; billing staff cannot change the library.
func TestTemplatesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddPractice("Second Street Therapy", "owner2@example.org")
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var list struct{ Items []templateOut }
		c.API("GET", "/api/v1/document-templates", nil).JSON(t, &list)
		builtins := map[string]templateOut{}
		for _, tp := range list.Items {
			builtins[tp.Builtin] = tp
		}
		for _, k := range []string{"intake", "consent", "roi", "phq9", "gad7"} {
			if builtins[k].ID == "" {
				t.Fatalf("built-in %s missing: %+v", k, list.Items)
			}
		}
		if len(list.Items) != 5 || builtins["phq9"].Scoring != "phq9" || len(builtins["phq9"].Fields) != 11 {
			t.Fatalf("library: %+v", list.Items)
		}
		for name, body := range map[string]map[string]any{
			"fields":           {"kind": "custom", "name": "Empty", "fields": []any{}},
			"fields.1.id":      {"kind": "custom", "name": "Dup", "fields": []any{map[string]any{"id": "a", "kind": "text", "label": "A"}, map[string]any{"id": "a", "kind": "text", "label": "B"}}},
			"fields.0.options": {"kind": "custom", "name": "Choice", "fields": []any{map[string]any{"id": "a", "kind": "single", "label": "A"}}},
			"kind":             {"kind": "poem", "name": "X", "fields": []any{map[string]any{"id": "a", "kind": "text", "label": "A"}}},
		} {
			r := c.API("POST", "/api/v1/document-templates", body)
			if r.StatusCode != 422 || r.Err(t).Error.Fields[name] == "" {
				t.Errorf("bad template (%s): %d %s", name, r.StatusCode, r.Body)
			}
		}
		var tp templateOut
		r := c.API("POST", "/api/v1/document-templates", map[string]any{"kind": "questionnaire", "name": "Sleep diary",
			"fields": []any{map[string]any{"id": "hours", "kind": "number", "label": "Hours slept", "required": true},
				map[string]any{"id": "quality", "kind": "scale", "label": "How rested do you feel?", "min": 0, "max": 10}}})
		r.JSON(t, &tp)
		if r.StatusCode != 201 || tp.Version != 1 || len(tp.Fields) != 2 {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/document-templates/"+tp.ID, map[string]any{"name": "Sleep diary (weekly)"})
		r.JSON(t, &tp)
		if tp.Version != 1 || tp.Name != "Sleep diary (weekly)" {
			t.Fatalf("rename changed the version: %s", r.Body)
		}
		r = c.API("PATCH", "/api/v1/document-templates/"+tp.ID, map[string]any{"fields": []any{map[string]any{"id": "hours", "kind": "number", "label": "Hours slept last night", "required": true}}})
		r.JSON(t, &tp)
		if r.StatusCode != 200 || tp.Version != 2 || len(tp.Fields) != 1 {
			t.Fatalf("edit fields: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/document-templates/"+builtins["phq9"].ID, map[string]any{"fields": []any{map[string]any{"id": "item1", "kind": "text", "label": "X"}}})
		if r.StatusCode != 422 {
			t.Fatalf("changing the PHQ-9's questions: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/document-templates/"+tp.ID, map[string]any{"archived": true})
		r.JSON(t, &tp)
		c.API("GET", "/api/v1/document-templates", nil).JSON(t, &list)
		if !tp.Archived || len(list.Items) != 5 {
			t.Fatalf("archive: %+v, %d listed", tp, len(list.Items))
		}
		c.API("GET", "/api/v1/document-templates?archived=true", nil).JSON(t, &list)
		if len(list.Items) != 6 {
			t.Fatalf("with archived: %d", len(list.Items))
		}
		other := h.Client()
		other.Login("owner2@example.org", apptest.StrongPassword)
		for _, m := range []string{"GET", "PATCH"} {
			if r := other.API(m, "/api/v1/document-templates/"+tp.ID, map[string]any{}); r.StatusCode != 404 {
				t.Fatalf("other practice %s: %d", m, r.StatusCode)
			}
		}
		h.AddStaff(owner, "Bill Ing", "bill@example.org", model.RoleBilling)
		b := h.Client()
		b.Login("bill@example.org", apptest.StrongPassword)
		b.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "billing person passphrase"})
		if r := b.API("POST", "/api/v1/document-templates", map[string]any{"kind": "custom", "name": "X", "fields": []any{map[string]any{"id": "a", "kind": "text", "label": "A"}}}); r.StatusCode != 403 {
			t.Fatalf("billing creates a template: %d", r.StatusCode)
		}
	})
}
