// Package formview renders a document template's fields as an HTML form, the same way for the client in
// the portal and for staff previewing a template (issue 6: "preview exactly as the client will see it").
// Staff pages and the portal parse its partial into their own template sets.
package formview

import (
	"embed"
	"strconv"
	"strings"

	"tend/internal/model"
)

// FS holds form.html, which defines the "docform" template; its argument is a Form.
//
//go:embed form.html
var FS embed.FS

// Form is a template's fields with the answers and messages to show.
type Form struct {
	Fields   []Field
	Disabled bool // a preview or a completed document: nothing can be typed
}

// Field is one field to render.
type Field struct {
	model.Field
	Name   string // the input's name: "a." + the field's id
	Value  string
	Error  string
	Steps  []int // a scale's choices
	Chosen map[string]bool
}

// New prepares fields with answers (keyed by field id) and messages. Fields shown only under a practice
// setting are left out unless settings has it on.
func New(fields []model.Field, answers, errors map[string]string, settings map[string]bool, disabled bool) Form {
	f := Form{Disabled: disabled}
	for _, fd := range fields {
		if fd.Only != "" && !settings[fd.Only] {
			continue
		}
		v := Field{Field: fd, Name: "a." + fd.ID, Value: answers[fd.ID], Error: errors[fd.ID], Chosen: map[string]bool{}}
		for _, line := range strings.Split(v.Value, "\n") {
			if line != "" {
				v.Chosen[line] = true
			}
		}
		if fd.Kind == model.FieldScale && fd.Max > fd.Min && fd.Max-fd.Min <= 100 { // a valid scale; others show no steps
			for i := fd.Min; i <= fd.Max; i++ {
				v.Steps = append(v.Steps, i)
			}
		}
		f.Fields = append(f.Fields, v)
	}
	return f
}

// Itoa is for the template: a scale step as text.
func (Field) Itoa(i int) string { return strconv.Itoa(i) }
