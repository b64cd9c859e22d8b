package notes_test

import (
	"slices"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/testdb"
)

// noteTemplate builds a practice's session note template in the form builder's use case, as the owner.
func (w world) noteTemplate(t *testing.T, name string, fields ...model.Field) model.Template {
	t.Helper()
	kind := model.TemplateNote
	tpl, err := w.h.App.Documents.CreateTemplate(ctx, apptest.As(w.owner), model.TemplateChange{Kind: &kind, Name: &name, Fields: &fields})
	if err != nil {
		t.Fatalf("create note template: %v", err)
	}
	return tpl
}

// Issue 14, item 3 (NT-1): a practice's own note template, built in the form builder, is offered after
// the built-ins; a note made from it has its sections (with their help text), signs and hashes like the
// others, and stays readable when the template is archived, while no new note may use it then.
func TestPracticeNoteTemplates(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		tpl := w.noteTemplate(t, "Play therapy",
			model.Field{ID: "play", Kind: model.FieldParagraph, Label: "Play themes", Help: "What the child chose and returned to"},
			model.Field{ID: "caregiver", Kind: model.FieldText, Label: "Caregiver check-in"})
		ts, err := w.svc.Templates(ctx, cal)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, nt := range ts {
			keys = append(keys, nt.Key)
		}
		if want := []string{"soap", "dap", "birp", "free", tpl.ID}; !slices.Equal(keys, want) {
			t.Errorf("templates offered: got %v, want %v", keys, want)
		}
		n, err := w.svc.Create(ctx, cal, w.chart.ID, tpl.ID, model.NoteInput{Sections: map[string]string{"play": "Built a tower, twice."}})
		if err != nil {
			t.Fatalf("create from the practice template: %v", err)
		}
		want := []model.NoteSection{{Key: "play", Label: "Play themes", Hint: "What the child chose and returned to", Text: "Built a tower, twice."},
			{Key: "caregiver", Label: "Caregiver check-in"}}
		if n.Template != tpl.ID || n.TemplateName != "Play therapy" || !slices.Equal(n.Sections, want) {
			t.Errorf("note: template %q %q sections %+v, want %+v", n.Template, n.TemplateName, n.Sections, want)
		}
		if _, err := w.svc.Update(ctx, cal, w.chart.ID, n.ID, model.NoteInput{Sections: map[string]string{"subjective": "x"}}); !fieldErr(err, "sections.subjective") {
			t.Errorf("a SOAP section on a practice template's note: got %v", err)
		}
		signed, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", nil)
		if err != nil {
			t.Fatalf("sign: %v", err)
		}
		if signed.ContentSHA256 != sum(signed.SignedContent) || !strings.Contains(signed.SignedContent, `"label":"Play themes"`) ||
			!strings.Contains(signed.SignedContent, "Built a tower, twice.") {
			t.Errorf("signed content %s, hash %s", signed.SignedContent, signed.ContentSHA256)
		}

		// Archived: existing notes stay readable and their hash holds; no new note may use it.
		if _, err := w.h.App.Documents.SetTemplateArchived(ctx, apptest.As(w.owner), tpl.ID, true); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		if err != nil {
			t.Fatalf("reading a note of an archived template: %v", err)
		}
		if got.TemplateName != "Play therapy" || len(got.Sections) != 2 || got.Sections[0].Text != "Built a tower, twice." || got.ContentSHA256 != sum(got.SignedContent) {
			t.Errorf("after archiving: %+v", got.Note)
		}
		if _, err := w.svc.Create(ctx, cal, w.chart.ID, tpl.ID, model.NoteInput{}); !fieldErr(err, "template") {
			t.Errorf("a new note with an archived template: got %v", err)
		}
		if ts, _ := w.svc.Templates(ctx, cal); len(ts) != 4 {
			t.Errorf("an archived template is still offered: %d templates", len(ts))
		}

		// Another practice's note template answers like an unknown one; a client's document is no note template.
		name, kind := "Their notes", model.TemplateNote
		fields := []model.Field{{ID: "text", Kind: model.FieldParagraph, Label: "Text"}}
		theirs, err := w.h.App.Documents.CreateTemplate(ctx, apptest.As(w.other), model.TemplateChange{Kind: &kind, Name: &name, Fields: &fields})
		if err != nil {
			t.Fatal(err)
		}
		custom := model.TemplateCustom
		form, err := w.h.App.Documents.CreateTemplate(ctx, apptest.As(w.owner), model.TemplateChange{Kind: &custom, Name: &name, Fields: &fields})
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{theirs.ID, form.ID} {
			if _, err := w.svc.Create(ctx, cal, w.chart.ID, key, model.NoteInput{}); !fieldErr(err, "template") {
				t.Errorf("template %s: got %v, want a field error", key, err)
			}
		}
	})
}

// Issue 14, item 3: the builder's rules for a session note template, and such a template never goes to a
// client: not in the chart's documents, an invitation, nor a request through the API's use case.
// Proves NT-1.
func TestNoteTemplateRules(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		owner := apptest.As(w.owner)
		docs := w.h.App.Documents
		note, custom := model.TemplateNote, model.TemplateCustom
		name := "Session"
		legal := true
		for _, tc := range []struct {
			name  string
			ch    model.TemplateChange
			field string
		}{
			{"a choice field", model.TemplateChange{Fields: &[]model.Field{{ID: "a", Kind: model.FieldParagraph, Label: "A"},
				{ID: "b", Kind: model.FieldSingle, Label: "B", Options: []string{"x", "y"}}}}, "fields.1.kind"},
			{"a heading", model.TemplateChange{Fields: &[]model.Field{{ID: "h", Kind: model.FieldHeading, Label: "H"}, {ID: "a", Kind: model.FieldText, Label: "A"}}}, "fields.0.kind"},
			{"a scale", model.TemplateChange{Fields: &[]model.Field{{ID: "s", Kind: model.FieldScale, Label: "S", Min: 0, Max: 10}}}, "fields.0.kind"},
			{"a required section", model.TemplateChange{Fields: &[]model.Field{{ID: "a", Kind: model.FieldText, Label: "A", Required: true}}}, "fields.0.required"},
			{"the legal name", model.TemplateChange{UsesLegalName: &legal, Fields: &[]model.Field{{ID: "a", Kind: model.FieldText, Label: "A"}}}, "uses_legal_name"},
		} {
			tc.ch.Kind, tc.ch.Name = &note, &name
			if _, err := docs.CreateTemplate(ctx, owner, tc.ch); !fieldErr(err, tc.field) {
				t.Errorf("%s: got %v, want a problem with %s", tc.name, err, tc.field)
			}
		}
		tpl := w.noteTemplate(t, "Brief check-in", model.Field{ID: "check_in", Kind: model.FieldParagraph, Label: "Check-in"})
		if _, err := docs.UpdateTemplate(ctx, owner, tpl.ID, model.TemplateChange{Kind: &custom}); !fieldErr(err, "kind") {
			t.Errorf("a note template turned into a client's form: got %v", err)
		}
		all, err := docs.Templates(ctx, owner, false)
		if err != nil {
			t.Fatal(err)
		}
		phq := all[slices.IndexFunc(all, func(t model.Template) bool { return t.BuiltinKey == "phq9" })]
		if _, err := docs.UpdateTemplate(ctx, owner, phq.ID, model.TemplateChange{Kind: &note}); !fieldErr(err, "kind") {
			t.Errorf("a built-in turned into a note template: got %v", err)
		}
		if !slices.ContainsFunc(all, func(t model.Template) bool { return t.ID == tpl.ID }) {
			t.Error("the template library lacks the note template")
		}
		forClients, err := docs.ClientTemplates(ctx, owner)
		if err != nil {
			t.Fatal(err)
		}
		if len(forClients) != len(all)-1 || slices.ContainsFunc(forClients, func(t model.Template) bool { return t.Kind == model.TemplateNote }) {
			t.Errorf("client templates: %d of %d, with a note template", len(forClients), len(all))
		}
		_, err = docs.ManageDocuments(ctx, owner, w.chart.ID, documents.ManageInput{TemplateIDs: []string{tpl.ID}})
		if !fieldErr(err, "template_ids") {
			t.Errorf("requesting a note template from a client: got %v", err)
		}
		if reqs, _ := docs.ChartDocuments(ctx, owner, w.chart.ID); len(reqs) != 0 {
			t.Errorf("a refused request left %d requests", len(reqs))
		}
	})
}
