package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tend/internal/model"
)

// builderRow is one field of the form builder, as typed (numbers stay text until saved).
type builderRow struct {
	Index                              int
	ID, Kind, Label, Help, Options     string
	Min, Max, MinLabel, MaxLabel, Only string
	Required                           bool
	Errors                             map[string]string
	First, Last                        bool
}

// E is the message for one of the row's inputs.
func (r builderRow) E(name string) string { return r.Errors[name] }

// rowName names one input of a row.
func (r builderRow) N(name string) string { return "fields." + strconv.Itoa(r.Index) + "." + name }

// maxBuilderRows bounds one form: the model allows model.MaxFields.
const maxBuilderRows = model.MaxFields

// builderRows reads the builder's rows from a submitted form.
func builderRows(r *http.Request) []builderRow {
	n, _ := strconv.Atoi(r.PostFormValue("fields_rows"))
	n = min(max(n, 0), maxBuilderRows)
	rows := make([]builderRow, n)
	for i := range rows {
		g := func(k string) string { return r.PostFormValue("fields." + strconv.Itoa(i) + "." + k) }
		rows[i] = builderRow{ID: strings.TrimSpace(g("id")), Kind: g("kind"), Label: g("label"), Help: g("help"), Options: g("options"),
			Min: g("min"), Max: g("max"), MinLabel: g("min_label"), MaxLabel: g("max_label"), Only: g("only"), Required: g("required") == "on"}
	}
	return rows
}

// rowsOf shows a template's fields as builder rows.
func rowsOf(fields []model.Field) []builderRow {
	rows := make([]builderRow, len(fields))
	for i, f := range fields {
		rows[i] = builderRow{ID: f.ID, Kind: string(f.Kind), Label: f.Label, Help: f.Help, Options: strings.Join(f.Options, "\n"),
			MinLabel: f.MinLabel, MaxLabel: f.MaxLabel, Only: f.Only, Required: f.Required}
		if f.Kind == model.FieldScale || f.Kind == model.FieldNumber {
			rows[i].Min, rows[i].Max = strconv.Itoa(f.Min), strconv.Itoa(f.Max)
		}
	}
	return rows
}

// applyOp performs a builder button (add, remove:i, up:i, down:i) and reports whether there was one.
func applyOp(rows []builderRow, op string) ([]builderRow, bool) {
	verb, arg, _ := strings.Cut(op, ":")
	i, err := strconv.Atoi(arg)
	valid := err == nil && i >= 0 && i < len(rows)
	switch {
	case verb == "add" && len(rows) < maxBuilderRows:
		return append(rows, builderRow{Kind: string(model.FieldText)}), true
	case verb == "remove" && valid:
		return slices.Delete(rows, i, i+1), true
	case verb == "up" && valid && i > 0:
		rows[i-1], rows[i] = rows[i], rows[i-1]
		return rows, true
	case verb == "down" && valid && i < len(rows)-1:
		rows[i], rows[i+1] = rows[i+1], rows[i]
		return rows, true
	}
	return rows, verb == "add" || verb == "remove" || verb == "up" || verb == "down"
}

// numbered sets each row's index and position flags after rows moved.
func numbered(rows []builderRow) []builderRow {
	for i := range rows {
		rows[i].Index, rows[i].First, rows[i].Last = i, i == 0, i == len(rows)-1
		if rows[i].Errors == nil {
			rows[i].Errors = map[string]string{}
		}
	}
	return rows
}

// fieldsOf turns rows into fields. A row without an id gets one made from its label; numbers that are not
// numbers become messages on the row.
func fieldsOf(rows []builderRow) ([]model.Field, bool) {
	taken := map[string]bool{}
	for _, r := range rows {
		taken[r.ID] = true
	}
	ok := true
	fields := make([]model.Field, len(rows))
	for i := range rows {
		r := &rows[i]
		f := model.Field{ID: r.ID, Kind: model.FieldKind(r.Kind), Label: r.Label, Help: r.Help, Required: r.Required,
			MinLabel: strings.TrimSpace(r.MinLabel), MaxLabel: strings.TrimSpace(r.MaxLabel), Only: r.Only}
		if f.ID == "" {
			f.ID = uniqueID(slug(r.Label), taken)
			r.ID, taken[f.ID] = f.ID, true
		}
		if f.Kind == model.FieldSingle || f.Kind == model.FieldMultiple {
			for _, o := range strings.Split(r.Options, "\n") {
				if o = strings.TrimSpace(o); o != "" {
					f.Options = append(f.Options, o)
				}
			}
		}
		if f.Kind == model.FieldScale || f.Kind == model.FieldNumber {
			var err error
			if strings.TrimSpace(r.Min) != "" {
				if f.Min, err = strconv.Atoi(strings.TrimSpace(r.Min)); err != nil {
					r.Errors["min"], ok = "Enter a whole number.", false
				}
			}
			if strings.TrimSpace(r.Max) != "" {
				if f.Max, err = strconv.Atoi(strings.TrimSpace(r.Max)); err != nil {
					r.Errors["max"], ok = "Enter a whole number.", false
				}
			}
		}
		fields[i] = f
	}
	return fields, ok
}

// slug makes an answer key from a label: lowercase letters, digits and underscores, starting with a letter.
func slug(label string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(label)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		if b.Len() >= 30 {
			break
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		s = "field"
	}
	return s
}

func uniqueID(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if id := fmt.Sprintf("%s_%d", base, n); !taken[id] {
			return id
		}
	}
}

// rowErrors moves the messages of "fields.N.name" problems onto the rows.
func rowErrors(rows []builderRow, f *form) {
	for k, v := range f.Errors {
		rest, ok := strings.CutPrefix(k, "fields.")
		if !ok {
			continue
		}
		i, name, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(i)
		if ok && err == nil && n >= 0 && n < len(rows) {
			rows[n].Errors[name] = v
		}
	}
}
