package api

import (
	"net/http"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

type setupRequest struct {
	PracticeName string `json:"practice_name"`
	TimeZone     string `json:"time_zone"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Password     string `json:"password"`
}

// setup is first-run setup: the practice and its owner, who is then signed in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in setupRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	_, owner, err := s.Accounts.Setup(r.Context(), account.PracticeInput{
		PracticeName: in.PracticeName, TimeZone: in.TimeZone, OwnerName: in.Name, OwnerEmail: in.Email, Password: in.Password,
	}, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return s.startSession(w, r, owner.Email, in.Password, http.StatusCreated)
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// login checks the credentials, sets the session cookie and returns the person.
func (s *Server) login(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in loginRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	return s.startSession(w, r, in.Email, in.Password, http.StatusOK)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, email, pw string, status int) error {
	res, err := s.Accounts.Login(r.Context(), email, pw, httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	if err != nil {
		return err
	}
	if res.SecondStep { // the old session ended with the password step; the new one starts after the code
		s.Cookies.Clear(w)
		s.Cookies.SetWaiting(w, res.Token)
		writeJSON(w, http.StatusAccepted, twoStepNeeded{TwoStepRequired: true,
			Message: "Send the code from the authenticator app, or a recovery code, to POST /api/v1/auth/two-step within five minutes."})
		return nil
	}
	return s.signedIn(w, r, res, status)
}

// signedIn sets the session cookie of a finished sign-in and answers with the person and their practice.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request, res account.LoginResult, status int) error {
	s.Cookies.Set(w, res.Token)
	s.Cookies.SetDevice(w, res.Device)
	pr, err := s.Accounts.Practice(r.Context(), model.Principal{PracticeID: res.Staff.PracticeID})
	if err != nil {
		return err
	}
	writeJSON(w, status, meJSON{toStaff(res.Staff), toPractice(pr)})
	return nil
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Accounts.Logout(r.Context(), p); err != nil {
		return err
	}
	s.Cookies.Clear(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type meJSON struct {
	User     staffJSON    `json:"user"`
	Practice practiceJSON `json:"practice"`
}

// me returns the signed-in person and their practice.
func (s *Server) me(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st, err := s.Accounts.GetStaff(r.Context(), p, p.StaffID)
	if err != nil {
		return err
	}
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, meJSON{toStaff(st), toPractice(pr)})
	return nil
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
	RevokeTokens    *bool  `json:"revoke_tokens"` // absent means true
}

// changePassword changes the signed-in person's own password.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in passwordRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	keep := in.RevokeTokens != nil && !*in.RevokeTokens
	if err := s.Accounts.ChangePassword(r.Context(), p, in.CurrentPassword, in.NewPassword, keep); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
