package api

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"time"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

// twoStepNeeded answers a right password of an account with two-step sign-in: the second step follows.
type twoStepNeeded struct {
	TwoStepRequired bool   `json:"two_step_required"`
	Message         string `json:"message"`
}

type codeRequest struct {
	Code string `json:"code"`
}

// loginTwoStep finishes a sign-in with the code from the authenticator app or a recovery code; the
// waiting sign-in is the cookie POST /api/v1/auth/login set.
func (s *Server) loginTwoStep(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in codeRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.Accounts.VerifySecondStep(r.Context(), s.Cookies.WaitingToken(r), in.Code, httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	var te *model.ThrottledError
	switch {
	case errors.Is(err, account.ErrSignInExpired):
		s.Cookies.ClearWaiting(w)
		writeJSON(w, http.StatusUnauthorized, errorBody{errorDetail{Code: "sign_in_expired",
			Message: "No sign-in is waiting for a code, or it waited more than five minutes. Sign in again with POST /api/v1/auth/login."}})
		return nil
	case errors.As(err, &te):
		w.Header().Set("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		writeJSON(w, http.StatusTooManyRequests, errorBody{errorDetail{Code: "too_many_attempts", Message: account.TwoStepThrottleMessage(te)}})
		return nil
	case err != nil:
		return err
	}
	s.Cookies.ClearWaiting(w)
	return s.signedIn(w, r, res, http.StatusOK)
}

// twoStepJSON is where the signed-in person stands with two-step sign-in.
type twoStepJSON struct {
	Enabled            bool       `json:"enabled"`
	EnabledAt          *time.Time `json:"enabled_at"`
	RecoveryCodesLeft  int        `json:"recovery_codes_left"`
	RequiredByPractice bool       `json:"required_by_practice"`
}

// twoStep returns the signed-in person's two-step sign-in status.
func (s *Server) twoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st, err := s.Accounts.TwoStep(r.Context(), p)
	if err != nil {
		return err
	}
	out := twoStepJSON{Enabled: st.On, RecoveryCodesLeft: st.RecoveryCodesLeft, RequiredByPractice: st.Required}
	if st.On {
		out.EnabledAt = &st.Since
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// twoStepSetupJSON is what an authenticator app needs.
type twoStepSetupJSON struct {
	Secret      string `json:"secret"`
	OTPAuthURI  string `json:"otpauth_uri"`
	QRPNGBase64 string `json:"qr_png_base64"`
}

// startTwoStep begins setting up two-step sign-in; POST …/confirm with a code turns it on.
func (s *Server) startTwoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	setup, err := s.Accounts.StartTwoStep(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, twoStepSetupJSON{setup.Secret, setup.URI, base64.StdEncoding.EncodeToString(setup.QRCode)})
	return nil
}

type recoveryCodesJSON struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

// confirmTwoStep turns two-step sign-in on and returns the recovery codes, shown only here.
func (s *Server) confirmTwoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in codeRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	codes, err := s.Accounts.ConfirmTwoStep(r.Context(), p, in.Code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, recoveryCodesJSON{codes})
	return nil
}

type passwordConfirmRequest struct {
	Password string `json:"password"`
}

// disableTwoStep turns two-step sign-in off; the password is required.
func (s *Server) disableTwoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in passwordConfirmRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Accounts.DisableTwoStep(r.Context(), p, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// regenerateRecoveryCodes replaces the recovery codes; the password is required.
func (s *Server) regenerateRecoveryCodes(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in passwordConfirmRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	codes, err := s.Accounts.RegenerateRecoveryCodes(r.Context(), p, in.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, recoveryCodesJSON{codes})
	return nil
}

// resetStaffTwoStep resets a colleague's two-step sign-in (lost phone).
func (s *Server) resetStaffTwoStep(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st, err := s.Accounts.ResetTwoStep(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toStaff(st))
	return nil
}
