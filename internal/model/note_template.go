package model

import (
	"slices"
	"strconv"
)

// NoteFieldKinds are the field kinds a session note template may hold: each becomes a section of the note.
func NoteFieldKinds() []FieldKind { return []FieldKind{FieldText, FieldParagraph} }

// validateNoteTemplate adds the problems of a session note template (issue 14, item 3) to p: its fields
// (ValidateNoteFields), and nothing that only makes sense on a client's document.
func validateNoteTemplate(p Problems, t Template) {
	ValidateNoteFields(p, t.Fields)
	if t.UsesLegalName {
		p.Add("uses_legal_name", "A session note template never goes to a client: untick the legal name.")
	}
}

// ValidateNoteFields adds to p the problems of a session note template's fields, under "fields.N.<name>":
// only text fields, none required one by one.
func ValidateNoteFields(p Problems, fields []Field) {
	for i, f := range fields {
		at := func(name string) string { return "fields." + strconv.Itoa(i) + "." + name }
		if !slices.Contains(NoteFieldKinds(), f.Kind) {
			p.Add(at("kind"), "A session note template holds only short and long text fields: each becomes a section of the note. Put instructions in a field's help text.")
		}
		if f.Required {
			p.Add(at("required"), "A note's sections are not required one by one (signing refuses only an empty note): untick Required.")
		}
	}
}
