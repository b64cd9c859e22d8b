package documents_test

import (
	"testing"

	"tend/internal/documents"
	"tend/internal/model"
)

func builtin(t *testing.T, key string) documents.Builtin {
	t.Helper()
	for _, b := range documents.Builtins() {
		if b.Key == key {
			return b
		}
	}
	t.Fatalf("no built-in %q", key)
	return documents.Builtin{}
}

// answers gives the first n items the points in pts (repeating its last value), the rest 0.
func answers(b documents.Builtin, pts []int) map[string]string {
	out := map[string]string{}
	i := 0
	for _, f := range b.Fields {
		if f.Kind != model.FieldSingle || f.ID == "difficulty" {
			continue
		}
		p := 0
		if i < len(pts) {
			p = pts[i]
		}
		out[f.ID] = f.Options[p]
		i++
	}
	return out
}

// spread makes item points summing to total, filling items up to 3 from the first.
func spread(total, items int) []int {
	out := make([]int, items)
	for i := range out {
		out[i] = min(3, total)
		total -= out[i]
	}
	return out
}

// DC-1: the built-ins are valid templates; PHQ-9 and GAD-7 score and band at every edge; PHQ-9 item 9
// above 0 raises a flag.
func TestBuiltinsAndScoring(t *testing.T) {
	t.Parallel()
	for _, b := range documents.Builtins() {
		p := model.Problems{}
		model.ValidateFields(p, b.Fields)
		if len(p) > 0 {
			t.Errorf("built-in %s is invalid: %v", b.Key, p)
		}
	}
	cases := []struct {
		key   string
		total int
		band  string
	}{
		{"phq9", 0, "Minimal"}, {"phq9", 4, "Minimal"}, {"phq9", 5, "Mild"}, {"phq9", 9, "Mild"}, {"phq9", 10, "Moderate"},
		{"phq9", 14, "Moderate"}, {"phq9", 15, "Moderately severe"}, {"phq9", 19, "Moderately severe"}, {"phq9", 20, "Severe"},
		{"phq9", 27, "Severe"},
		{"gad7", 0, "Minimal"}, {"gad7", 4, "Minimal"}, {"gad7", 5, "Mild"}, {"gad7", 9, "Mild"}, {"gad7", 10, "Moderate"},
		{"gad7", 14, "Moderate"}, {"gad7", 15, "Severe"}, {"gad7", 21, "Severe"},
	}
	for _, c := range cases {
		b := builtin(t, c.key)
		n := map[string]int{"phq9": 9, "gad7": 7}[c.key]
		flagged := c.key == "phq9" && c.total > 24 // the items fill from the first, so item 9 counts only above 24
		s, ok := model.Score(b.Scoring, b.Fields, answers(b, spread(c.total, n)))
		if !ok || s.Score != c.total || s.Band != c.band || (s.Flag != "") != flagged {
			t.Errorf("%s total %d: got %+v ok=%v, want band %s", c.key, c.total, s, ok, c.band)
		}
	}
	phq := builtin(t, "phq9")
	a := answers(phq, nil)
	a["item9"] = phq.Fields[9].Options[1]
	if s, ok := model.Score(phq.Scoring, phq.Fields, a); !ok || s.Score != 1 || s.Flag == "" {
		t.Errorf("item 9 answered 1: %+v", s)
	}
	delete(a, "item3")
	if _, ok := model.Score(phq.Scoring, phq.Fields, a); ok {
		t.Error("an unanswered item still scored")
	}
}

// Bad templates: no fields, duplicate ids, a choice without options, a required heading.
// Proves DC-1.
func TestValidateFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		fields []model.Field
		field  string
	}{
		{"no fields", nil, "fields"},
		{"headings only", []model.Field{{ID: "h", Kind: model.FieldHeading, Label: "Hi"}}, "fields"},
		{"duplicate id", []model.Field{{ID: "a", Kind: model.FieldText, Label: "A"}, {ID: "a", Kind: model.FieldText, Label: "B"}}, "fields.1.id"},
		{"bad id", []model.Field{{ID: "Sleep Hours", Kind: model.FieldText, Label: "A"}}, "fields.0.id"},
		{"choice without options", []model.Field{{ID: "a", Kind: model.FieldSingle, Label: "A"}}, "fields.0.options"},
		{"repeated option", []model.Field{{ID: "a", Kind: model.FieldMultiple, Label: "A", Options: []string{"x", "x"}}}, "fields.0.options"},
		{"unknown kind", []model.Field{{ID: "a", Kind: "slider", Label: "A"}}, "fields.0.kind"},
		{"no label", []model.Field{{ID: "a", Kind: model.FieldText}}, "fields.0.label"},
		{"scale backwards", []model.Field{{ID: "a", Kind: model.FieldScale, Label: "A", Min: 10, Max: 0}}, "fields.0.max"},
		{"required heading", []model.Field{{ID: "h", Kind: model.FieldHeading, Label: "H", Required: true}, {ID: "a", Kind: model.FieldText, Label: "A"}}, "fields.0.required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := model.Problems{}
			model.ValidateFields(p, c.fields)
			if p[c.field] == "" {
				t.Fatalf("no problem on %s: %v", c.field, p)
			}
		})
	}
}

// Answers that do not fit their field get a message; good ones come back cleaned.
// Proves DC-1, DC-4.
func TestCheckAnswer(t *testing.T) {
	t.Parallel()
	choice := model.Field{ID: "c", Kind: model.FieldMultiple, Label: "C", Options: []string{"a", "b", "c"}}
	cases := []struct {
		f          model.Field
		in, want   string
		wantsError bool
	}{
		{model.Field{Kind: model.FieldText}, " hi ", "hi", false},
		{model.Field{Kind: model.FieldText}, "two\nlines", "", true},
		{model.Field{Kind: model.FieldSingle, Options: []string{"x", "y"}}, "z", "", true},
		{choice, "c\na\nc", "a\nc", false},
		{choice, "a\nq", "", true},
		{model.Field{Kind: model.FieldYesNo}, "YES", "yes", false},
		{model.Field{Kind: model.FieldYesNo}, "maybe", "", true},
		{model.Field{Kind: model.FieldDate}, "2026-02-30", "", true},
		{model.Field{Kind: model.FieldDate}, "2026-02-28", "2026-02-28", false},
		{model.Field{Kind: model.FieldScale, Min: 0, Max: 10}, "11", "", true},
		{model.Field{Kind: model.FieldScale, Min: 0, Max: 10}, "7", "7", false},
		{model.Field{Kind: model.FieldNumber}, "seven", "", true},
		{model.Field{Kind: model.FieldHeading}, "x", "", true},
	}
	for _, c := range cases {
		got, msg := c.f.CheckAnswer(c.in)
		if got != c.want || (msg != "") != c.wantsError {
			t.Errorf("%s %q: got %q, %q", c.f.Kind, c.in, got, msg)
		}
	}
}
