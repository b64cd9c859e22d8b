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

// FS holds form.html, which defines the "docform" template (the form to fill in, or a preview of it) and
// the "docanswers" template (a filled-in form to read); the argument of both is a Form.
//
//go:embed form.html
var FS embed.FS

// Form is a template's fields with the answers and messages to show.
type Form struct {
	Fields   []Field
	Disabled bool // a preview: nothing can be typed
	// Points shows what each scored item's answer is worth and the total (staff reading an assessment).
	Points bool
	Total  int  // the sum of the answered items' points
	Max    int  // the highest possible score; 0 when the form is not scored
	Whole  bool // every scored item is answered: Total is the score, not points so far
	Band   string
}

// Field is one field to render.
type Field struct {
	model.Field
	Name   string // the input's name: "a." + the field's id
	Value  string
	Error  string
	Steps  []int // a scale's choices
	Chosen map[string]bool
	// Choices are a choice question's options as read back, each marked when chosen ("docanswers").
	Choices []Choice
	Scored  bool // an item that counts towards the score
	Points  int  // what the answer is worth, when Scored and answered
}

// Choice is one option of an answered choice question.
type Choice struct {
	Label  string
	Chosen bool
	Points int // on a scored item: what this option is worth
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

// Answers prepares a filled-in form to read (issue 13, item 8): every choice question lists its options
// with the chosen ones marked in words as well as by look; with points, each scored item shows what its
// answer is worth and the form its total out of the maximum.
func Answers(fields []model.Field, answers map[string]string, settings map[string]bool, scoring string, points bool) Form {
	f := New(fields, answers, nil, settings, true)
	f.Points = points && scoring != ""
	if f.Points {
		f.Max, f.Whole = model.ScoreMax(scoring), true
	}
	for i := range f.Fields {
		v := &f.Fields[i]
		switch v.Kind {
		case model.FieldSingle, model.FieldMultiple:
			for j, o := range v.Options {
				v.Choices = append(v.Choices, Choice{Label: o, Chosen: v.Chosen[o], Points: j})
			}
		case model.FieldYesNo:
			v.Choices = []Choice{{Label: "Yes", Chosen: v.Value == "yes"}, {Label: "No", Chosen: v.Value == "no"}}
		case model.FieldScale:
			for _, st := range v.Steps {
				v.Choices = append(v.Choices, Choice{Label: strconv.Itoa(st), Chosen: v.Value == strconv.Itoa(st)})
			}
		}
		if !f.Points || !model.ScoredItem(scoring, v.Field) {
			continue
		}
		v.Scored = true
		if p, ok := model.ItemPoints(scoring, v.Field, v.Value); ok {
			v.Points = p
			f.Total += p
		} else {
			f.Whole = false
		}
	}
	return f
}

// Itoa is for the template: a scale step as text.
func (Field) Itoa(i int) string { return strconv.Itoa(i) }
