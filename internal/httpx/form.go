package httpx

import (
	"errors"
	"net/http"
	"strings"

	"tend/internal/model"
)

// Form carries what the person typed and the messages for each field, so a refused form comes back
// filled in. Staff pages and the portal share it.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string // a message for the whole form
	// Lookalikes are the email fields whose address looks like another record's: the page shows the
	// message and a "This is a different address" box (the field's name + "_distinct") to go on.
	Lookalikes map[string]*model.ConfusableEmailError
}

// NewForm returns an empty form.
func NewForm() Form { return Form{Values: map[string]string{}, Errors: map[string]string{}} }

// FormFrom copies the named fields of a submitted form, and for an email field its "This is a different
// address" box, so that a confirmation is kept when the form comes back for another reason.
func FormFrom(r *http.Request, names ...string) Form {
	f := NewForm()
	for _, n := range names {
		f.Values[n] = r.PostFormValue(n)
		if strings.HasSuffix(n, "email") {
			f.Values[n+"_distinct"] = r.PostFormValue(n + "_distinct")
		}
	}
	return f
}

// Get returns a field's value.
func (f Form) Get(name string) string { return f.Values[name] }

// Distinct reports whether the person ticked "This is a different address" for an email field.
func (f Form) Distinct(field string) bool { return f.Values[field+"_distinct"] == "on" }

// Absorb puts the field messages and overall message of a validation or conflict error on the form and
// reports true, or reports false when err is something else (which the caller passes on).
func (f *Form) Absorb(err error) bool {
	var ve *model.ValidationError
	var le *model.ConfusableEmailError
	var ce *model.ConflictError
	switch {
	case errors.As(err, &le):
		if f.Lookalikes == nil {
			f.Lookalikes = map[string]*model.ConfusableEmailError{}
		}
		f.Lookalikes[le.Field] = le
		f.Errors[le.Field] = le.Message()
		f.Message = "An email address looks like another record's. Check it below before saving."
		return true
	case errors.As(err, &ve):
		for k, v := range ve.Fields {
			f.Errors[k] = v
		}
		f.Message = ve.Message
		if f.Message == "" {
			f.Message = "Some fields need attention. Look for the messages below."
		}
		return true
	case errors.As(err, &ce):
		if ce.Field != "" {
			f.Errors[ce.Field] = ce.Message
		}
		f.Message = ce.Message
		return true
	}
	return false
}
