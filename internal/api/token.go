package api

import (
	"net/http"

	"tend/internal/model"
)

// listTokens lists the signed-in person's API tokens (never their secrets).
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ts, err := s.Accounts.ListTokens(r.Context(), p)
	if err != nil {
		return err
	}
	out := list[tokenJSON]{Items: make([]tokenJSON, 0, len(ts)), Total: len(ts), Page: 1, PerPage: len(ts)}
	for _, t := range ts {
		out.Items = append(out.Items, s.toToken(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type tokenCreateRequest struct {
	Name          string `json:"name"`
	ExpiresAt     string `json:"expires_at"`      // RFC 3339 date (through that day, practice time) or date-time
	ExpiresInDays *int   `json:"expires_in_days"` // or days from now
}

type tokenCreatedJSON struct {
	tokenJSON
	Token string `json:"token"`
}

// createToken makes a token; its secret is in this response only.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in tokenCreateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, secret, err := s.Accounts.CreateTokenWith(r.Context(), p, model.TokenInput{Name: in.Name, ExpiresAt: in.ExpiresAt,
		ExpiresInDays: in.ExpiresInDays})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokenCreatedJSON{s.toToken(t), secret})
	return nil
}

// revokeToken revokes one of the person's own tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Accounts.RevokeToken(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
