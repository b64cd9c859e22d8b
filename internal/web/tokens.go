package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tend/internal/model"
)

type tokensPage struct {
	page
	Tokens  []model.APIToken
	Form    form
	Secret  string // the new token's secret, shown once
	Now     time.Time
	Expiry  []expiryChoice
	MaxDate string // the latest date the date input accepts, in the practice's time zone
}

// expiryChoice is one of the quick choices of a new token's expiry.
type expiryChoice struct {
	Value, Label string
	Checked      bool
}

// expiryChoices are the quick choices; "date" takes the date field, "never" makes a token without expiry.
func expiryChoices(current string) []expiryChoice {
	out := []expiryChoice{{"30", "In 30 days", false}, {"90", "In 90 days", false}, {"365", "In 1 year", false},
		{"date", "On a date (below)", false}, {"never", "Never (until revoked)", false}}
	for i := range out {
		out[i].Checked = out[i].Value == current
	}
	return out
}

func (s *Server) tokensData(w http.ResponseWriter, r *http.Request, p model.Principal, f form) (tokensPage, error) {
	pg, err := s.base(w, r, p, "API tokens", "settings")
	if err != nil {
		return tokensPage{}, err
	}
	ts, err := s.Accounts.ListTokens(r.Context(), p)
	if err != nil {
		return tokensPage{}, err
	}
	now := s.Accounts.Now()
	if f.Values["expiry"] == "" {
		f.Values["expiry"] = "90" // a token that lives forever is a choice, not the default
	}
	return tokensPage{page: pg, Tokens: ts, Form: f, Now: now, Expiry: expiryChoices(f.Values["expiry"]),
		MaxDate: pg.Loc.In(now).AddDate(0, 0, model.TokenMaxDays).Format(time.DateOnly)}, nil
}

// tokenList shows the person's API tokens and the form to make one.
func (s *Server) tokenList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.tokensData(w, r, p, newForm())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "tokens", data)
	return nil
}

// tokenCreate makes a token and shows its secret on this response only (it is never stored).
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name", "expiry", "expires_at")
	in := model.TokenInput{Name: f.Get("name")}
	var err error
	switch choice := f.Get("expiry"); choice {
	case "never":
	case "date":
		in.ExpiresAt = f.Get("expires_at")
		if strings.TrimSpace(in.ExpiresAt) == "" {
			err = model.FieldError("expires_at", "Choose the date the token stops working, or another option above.")
		}
	default:
		days, convErr := strconv.Atoi(choice)
		if convErr != nil {
			err = model.FieldError("expiry", "Choose when the token stops working.")
		}
		in.ExpiresInDays = &days
	}
	var secret string
	if err == nil {
		_, secret, err = s.Accounts.CreateTokenWith(r.Context(), p, in)
	}
	status := http.StatusOK
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		status = http.StatusUnprocessableEntity
	} else {
		f = newForm()
	}
	data, err2 := s.tokensData(w, r, p, f)
	if err2 != nil {
		return err2
	}
	data.Secret = secret
	s.render(w, r, status, "tokens", data)
	return nil
}

// tokenRevoke revokes one of the person's tokens.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Accounts.RevokeToken(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	s.setFlash(w, "The token is revoked and gone from the list; it no longer works.")
	http.Redirect(w, r, "/settings/tokens", http.StatusSeeOther)
	return nil
}
