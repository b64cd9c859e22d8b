package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"

	"tend/internal/account"
	"tend/internal/model"
)

// twoStepPage is Settings → Two-step sign-in: where the person stands, and what they can do about it.
type twoStepPage struct {
	page
	Status      account.TwoStepStatus
	CodesForm   form // new recovery codes (password)
	DisableForm form // turn off (password)
}

func (s *Server) twoStepData(w http.ResponseWriter, r *http.Request, p model.Principal) (twoStepPage, error) {
	pg, err := s.base(w, r, p, "Two-step sign-in", "settings")
	if err != nil {
		return twoStepPage{}, err
	}
	st, err := s.Accounts.TwoStep(r.Context(), p)
	if err != nil {
		return twoStepPage{}, err
	}
	return twoStepPage{page: pg, Status: st, CodesForm: newForm(), DisableForm: newForm()}, nil
}

// twoStep shows the person's two-step sign-in: off with a way to set it up, or on with its recovery
// codes and a way to turn it off.
func (s *Server) twoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.twoStepData(w, r, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "two_step", data)
	return nil
}

// twoStepStart makes a new secret and shows it on the setup page.
func (s *Server) twoStepStart(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if _, err := s.Accounts.StartTwoStep(r.Context(), p); err != nil {
		var ce *model.ConflictError
		if !errors.As(err, &ce) {
			return err
		}
		s.setFlash(w, ce.Message)
		http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/settings/two-step/setup", http.StatusSeeOther)
	return nil
}

// twoStepSetupPage shows the QR code and the secret to add to an authenticator app, and asks for a code.
type twoStepSetupPage struct {
	page
	Setup  account.TwoStepSetup
	QRCode template.URL // the QR code as a data: URI, rendered on the server
	Form   form
}

func (s *Server) twoStepSetupData(w http.ResponseWriter, r *http.Request, p model.Principal, f form) (twoStepSetupPage, error) {
	pg, err := s.base(w, r, p, "Set up two-step sign-in", "settings")
	if err != nil {
		return twoStepSetupPage{}, err
	}
	setup, err := s.Accounts.PendingTwoStep(r.Context(), p)
	if err != nil {
		return twoStepSetupPage{}, err
	}
	// A PNG made here from our own bytes: a safe data: URI.
	qr := template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(setup.QRCode))
	return twoStepSetupPage{page: pg, Setup: setup, QRCode: qr, Form: f}, nil
}

// twoStepSetup shows the setup begun by twoStepStart, or sends back to the overview when there is none.
func (s *Server) twoStepSetup(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.twoStepSetupData(w, r, p, newForm())
	if errors.Is(err, model.ErrNotFound) {
		http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "two_step_setup", data)
	return nil
}

// twoStepCodesPage shows recovery codes, once.
type twoStepCodesPage struct {
	page
	Codes   []string
	Enabled bool // just turned on, rather than new codes
}

// twoStepConfirm turns two-step sign-in on with a code from the app and shows the recovery codes.
func (s *Server) twoStepConfirm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "code")
	codes, err := s.Accounts.ConfirmTwoStep(r.Context(), p, f.Get("code"))
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		var ce *model.ConflictError
		if errors.As(err, &ce) { // already on (another tab)
			s.setFlash(w, ce.Message)
			http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
			return nil
		}
		f.Values["code"] = ""
		data, err := s.twoStepSetupData(w, r, p, f)
		if errors.Is(err, model.ErrNotFound) { // nothing was started, or it was turned on elsewhere
			s.setFlash(w, "Start the setup again: no authenticator was waiting to be confirmed.")
			http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
			return nil
		}
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "two_step_setup", data)
		return nil
	}
	pg, err := s.base(w, r, p, "Your recovery codes", "settings")
	if err != nil {
		return err
	}
	pg.User.MustEnrolTwoStep = false
	s.render(w, r, http.StatusOK, "two_step_codes", twoStepCodesPage{page: pg, Codes: codes, Enabled: true})
	return nil
}

// twoStepRecoveryCodes replaces the recovery codes after checking the password, and shows the new ones.
func (s *Server) twoStepRecoveryCodes(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "password")
	codes, err := s.Accounts.RegenerateRecoveryCodes(r.Context(), p, f.Get("password"))
	if err != nil {
		return s.twoStepRefused(w, r, p, err, f, true)
	}
	pg, err := s.base(w, r, p, "Your recovery codes", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "two_step_codes", twoStepCodesPage{page: pg, Codes: codes})
	return nil
}

// twoStepDisable turns two-step sign-in off after checking the password.
func (s *Server) twoStepDisable(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "password")
	if err := s.Accounts.DisableTwoStep(r.Context(), p, f.Get("password")); err != nil {
		return s.twoStepRefused(w, r, p, err, f, false)
	}
	s.setFlash(w, "Two-step sign-in is off. Your password alone signs you in now.")
	http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
	return nil
}

// twoStepRefused shows the overview again with the refused form's messages.
func (s *Server) twoStepRefused(w http.ResponseWriter, r *http.Request, p model.Principal, err error, f form, codes bool) error {
	if !validation(err, &f) {
		return err
	}
	data, err := s.twoStepData(w, r, p)
	if err != nil {
		return err
	}
	if codes {
		data.CodesForm = f
	} else {
		data.DisableForm = f
	}
	s.render(w, r, http.StatusUnprocessableEntity, "two_step", data)
	return nil
}

// staffResetTwoStep resets a colleague's two-step sign-in (they lost their phone).
func (s *Server) staffResetTwoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	id := r.PathValue("id")
	_, err := s.Accounts.ResetTwoStep(r.Context(), p, id)
	var ce *model.ConflictError
	switch {
	case errors.As(err, &ce):
		s.setFlash(w, ce.Message)
	case err != nil:
		return err
	default:
		s.setFlash(w, "Two-step sign-in is reset and their sessions ended. They sign in with their password and set it up again on their new phone.")
	}
	http.Redirect(w, r, "/settings/staff/"+id, http.StatusSeeOther)
	return nil
}
