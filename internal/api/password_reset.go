package api

import (
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
)

type forgotRequest struct {
	Email string `json:"email"`
}

type resetRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// forgotPassword emails a reset link when the email belongs to a staff member; 202 either way.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in forgotRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Accounts.RequestPasswordReset(r.Context(), in.Email, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// resetPassword sets a new password through a reset link's token.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in resetRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(r.Context(), in.Token, in.Password, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
