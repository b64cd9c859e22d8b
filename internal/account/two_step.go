package account

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"tend/internal/model"
	"tend/internal/store"
)

// Two-step sign-in (TR-2): after the password, a six-digit code from an authenticator app (TOTP,
// RFC 6238: 30-second steps, SHA-1, the settings every app understands), or a single-use recovery code.
const (
	twoStepPeriod = 30              // seconds a code lasts
	twoStepSkew   = 1               // steps either side of now that are accepted, for a phone's clock a little off
	signInWait    = 5 * time.Minute // how long a sign-in waits for its second step
	// RecoveryCodeCount is how many recovery codes a person gets at a time.
	RecoveryCodeCount = 10
	recoveryLength    = 10 // characters of a recovery code, shown as two groups of five
	// realmTwoStep counts wrong codes in login_failures, per staff id, with the password's limits.
	realmTwoStep = "staff_two_step"
	qrSize       = 240 // pixels of the QR code's PNG
)

// recoveryAlphabet leaves out characters that read alike (0/o, 1/l/i).
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// ActionTwoStep is setting up one's own two-step sign-in, which a person whose practice requires it may
// still do (see CheckTwoStepEnrolment).
const ActionTwoStep = "two_step"

// ErrTwoStepRequired refuses every action but setting up two-step sign-in, changing one's password,
// reading one's own account and signing out, while the practice requires two-step sign-in and the
// person has not set it up.
var ErrTwoStepRequired = errors.New("your practice requires two-step sign-in: set it up first")

// ErrSignInExpired answers a second step whose sign-in is unknown, finished or older than signInWait.
var ErrSignInExpired = errors.New("this sign-in waited too long for its code; sign in again")

// CheckTwoStepEnrolment returns ErrTwoStepRequired when p must set up two-step sign-in first and action
// is not one of the few allowed meanwhile. Both front doors call it for every signed-in request, API
// tokens included: the rule is about the person, however they reach Tend.
func CheckTwoStepEnrolment(p model.Principal, action string) error {
	if !p.MustEnrolTwoStep {
		return nil
	}
	switch action {
	case ActionTwoStep, ActionChangePassword, ActionReadSelf, ActionLogout:
		return nil
	}
	return ErrTwoStepRequired
}

// TwoStepThrottleMessage tells a person who typed too many wrong codes how long to wait.
func TwoStepThrottleMessage(te *model.ThrottledError) string {
	unit := "minutes"
	if te.Minutes() == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("Too many wrong codes. Try again in %d %s.", te.Minutes(), unit)
}

// TwoStepStatus is where a person stands with two-step sign-in.
type TwoStepStatus struct {
	On                bool
	Since             time.Time
	RecoveryCodesLeft int
	Required          bool // by the practice
}

// TwoStepSetup is what a person needs to add Tend to an authenticator app.
type TwoStepSetup struct {
	Secret string // base32, for typing in by hand
	URI    string // otpauth://totp/…, what the QR code holds
	QRCode []byte // PNG
}

// GroupedSecret is the secret in groups of four, easier to type.
func (t TwoStepSetup) GroupedSecret() string {
	var b strings.Builder
	for i, r := range t.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TwoStep returns where the principal stands with two-step sign-in.
func (s *Service) TwoStep(ctx context.Context, p model.Principal) (TwoStepStatus, error) {
	st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, p.StaffID)
	if err != nil {
		return TwoStepStatus{}, fmt.Errorf("account: two-step status: %w", err)
	}
	req, err := store.PracticeRequiresTwoStep(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return TwoStepStatus{}, fmt.Errorf("account: two-step status: %w", err)
	}
	out := TwoStepStatus{On: st.TwoStepOn(), Since: st.TwoStepSince, Required: req}
	if out.On {
		if out.RecoveryCodesLeft, err = store.RecoveryCodesLeft(ctx, s.Store.R(), st.ID); err != nil {
			return TwoStepStatus{}, fmt.Errorf("account: two-step status: %w", err)
		}
	}
	return out, nil
}

// twoStepRule fills in p whether they use two-step sign-in, and whether their practice makes them set it
// up first. The practice is read only for people without it.
func (s *Service) twoStepRule(ctx context.Context, p *model.Principal, st model.Staff) error {
	p.TwoStepOn = st.TwoStepOn()
	if p.TwoStepOn {
		return nil
	}
	req, err := store.PracticeRequiresTwoStep(ctx, s.Store.R(), st.PracticeID)
	if err != nil {
		return fmt.Errorf("account: two-step rule: %w", err)
	}
	p.MustEnrolTwoStep = req
	return nil
}

// setupFor builds the authenticator entry for a base32 secret: the practice's name as issuer, so a
// person in two practices can tell the entries apart, and their email as the account.
func setupFor(secret, issuer, email string) (TwoStepSetup, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: two-step secret: %w", err)
	}
	issuer = strings.TrimSpace(strings.ReplaceAll(issuer, ":", " ")) // a colon separates issuer and account in the URI
	if issuer == "" {
		issuer = "Tend"
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: email, Period: twoStepPeriod, Secret: raw,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: two-step key: %w", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: two-step QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: two-step QR code: %w", err)
	}
	return TwoStepSetup{Secret: key.Secret(), URI: key.URL(), QRCode: buf.Bytes()}, nil
}

// newTwoStepSecret makes a random 160-bit secret, base32 without padding (32 characters).
func newTwoStepSecret() (string, error) {
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("account: two-step secret: %w", err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw), nil
}

// matchStep returns the newest step within the skew around now whose code is code, or false.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	cur := now.Unix() / twoStepPeriod
	best, found := int64(0), false
	for step := cur - twoStepSkew; step <= cur+twoStepSkew; step++ {
		ok, err := hotp.ValidateCustom(code, uint64(step), secret, hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && ok {
			best, found = step, true
		}
	}
	return best, found
}

// codeKind is what a typed second-step code looks like.
type codeKind int

const (
	codeInvalid  codeKind = iota
	codeApp               // six digits from the authenticator app
	codeRecovery          // a recovery code
)

// readCode normalizes a typed code (spaces and dashes dropped, lower case) and says which kind it is.
func readCode(in string) (string, codeKind) {
	c := strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(in)))
	switch {
	case len(c) == 6 && strings.Trim(c, "0123456789") == "":
		return c, codeApp
	case len(c) == recoveryLength && strings.Trim(c, recoveryAlphabet) == "":
		return c, codeRecovery
	}
	return c, codeInvalid
}

// newRecoveryCodes makes RecoveryCodeCount codes, shown as "abcde-fghjk", and their hashes to store.
func (s *Service) newRecoveryCodes(staffID string) (codes, hashes []string, err error) {
	max := big.NewInt(int64(len(recoveryAlphabet)))
	for range RecoveryCodeCount {
		var b strings.Builder
		for range recoveryLength {
			n, err := rand.Int(rand.Reader, max)
			if err != nil {
				return nil, nil, fmt.Errorf("account: recovery codes: %w", err)
			}
			b.WriteByte(recoveryAlphabet[n.Int64()])
		}
		c := b.String()
		codes = append(codes, c[:recoveryLength/2]+"-"+c[recoveryLength/2:])
		hashes = append(hashes, s.recoveryHash(staffID, c))
	}
	return codes, hashes, nil
}

// recoveryHash is how a recovery code is stored: HMAC-SHA-256 under a key derived from the secret key,
// bound to its owner, so a copy of the database cannot be searched for codes.
func (s *Service) recoveryHash(staffID, code string) string {
	m := hmac.New(sha256.New, s.RecoveryKey)
	m.Write([]byte(staffID + ":" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// openSecret reads a person's authenticator secret.
func (s *Service) openSecret(ctx context.Context, q store.Q, staffID string) (string, store.TwoStepSecret, error) {
	row, err := store.TwoStepSecretOf(ctx, q, staffID)
	if err != nil {
		return "", row, err
	}
	secret, err := s.TwoStepSeal.Open(row.Sealed, staffID)
	if err != nil {
		return "", row, fmt.Errorf("account: two-step secret of %s: %w", staffID, err)
	}
	return secret, row, nil
}

// checkPassword verifies p's current password.
func (s *Service) checkPassword(ctx context.Context, p model.Principal, pw string) (bool, error) {
	if pw == "" {
		return false, nil
	}
	hash, err := store.StaffPasswordHash(ctx, s.Store.R(), p.StaffID)
	if err != nil {
		return false, err
	}
	return s.Passwords.Verify(pw, hash)
}
