package web

import (
	"net/http"

	"tend/internal/model"
)

type tokensPage struct {
	page
	Tokens []model.APIToken
	Form   form
	Secret string // the new token's secret, shown once
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
	return tokensPage{page: pg, Tokens: ts, Form: f}, nil
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
	f := formFrom(r, "name")
	_, secret, err := s.Accounts.CreateToken(r.Context(), p, f.Get("name"))
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
	s.setFlash(w, "The token is revoked; it no longer works.")
	http.Redirect(w, r, "/settings/tokens", http.StatusSeeOther)
	return nil
}
