package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"tend/internal/account"
	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var ctx = context.Background()

// TR-2: the installation is set up once.
func TestSetupOnlyOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		needs, err := h.App.Accounts.NeedsSetup(ctx)
		if err != nil || !needs {
			t.Fatalf("NeedsSetup on an empty database = %v, %v; want true", needs, err)
		}
		pr, owner := h.Setup()
		if owner.Role != model.RoleOwner || owner.PracticeID != pr.ID || pr.Slug != "harbor-counseling" {
			t.Fatalf("setup made %+v in %+v", owner, pr)
		}
		if pr.IdleTimeout != 15*time.Minute {
			t.Fatalf("default idle timeout = %v, want 15m", pr.IdleTimeout)
		}
		_, _, err = h.App.Accounts.Setup(ctx, account.PracticeInput{
			PracticeName: "Second", TimeZone: "UTC", OwnerName: "Someone", OwnerEmail: "second@example.org", Password: apptest.StrongPassword,
		}, "")
		if !errors.Is(err, account.ErrAlreadySetUp) {
			t.Fatalf("second setup: err = %v, want ErrAlreadySetUp", err)
		}
		ps, _ := h.App.Accounts.Practices(ctx)
		if len(ps) != 1 {
			t.Fatalf("after a refused second setup there are %d practices, want 1", len(ps))
		}
	})
}

func TestSetupValidation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, _, err := h.App.Accounts.Setup(ctx, account.PracticeInput{TimeZone: "Mars/Olympus", OwnerEmail: "not-an-email", Password: "short"}, "")
		var ve *model.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v, want a validation error", err)
		}
		for _, f := range []string{"practice_name", "time_zone", "name", "email", "password"} {
			if ve.Fields[f] == "" {
				t.Errorf("no message for %s in %v", f, ve.Fields)
			}
		}
		if needs, _ := h.App.Accounts.NeedsSetup(ctx); !needs {
			t.Fatal("a refused setup left the installation set up")
		}
	})
}

func TestLoginEmailIsCaseInsensitiveAndTrimmed(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		res, err := h.App.Accounts.Login(ctx, "  OWNER@Example.ORG ", apptest.StrongPassword, "10.0.0.1", "", "")
		if err != nil {
			t.Fatalf("login with different case and spaces: %v", err)
		}
		if res.Staff.ID != owner.ID || res.Token == "" {
			t.Fatalf("login returned %+v", res)
		}
	})
}

// TR-2: wrong passwords and unknown emails get one answer, and are throttled alike.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		for _, email := range []string{"owner@example.org", "nobody@example.org"} {
			for i := 0; i < account.ThrottleAttempts; i++ {
				_, err := h.App.Accounts.Login(ctx, email, "wrong password here", "10.0.0.2", "", "")
				if !errors.Is(err, account.ErrBadCredentials) {
					t.Fatalf("%s attempt %d: err = %v, want ErrBadCredentials", email, i+1, err)
				}
				h.Clock.Advance(10 * time.Second)
			}
			// Even the right password is refused while throttled.
			_, err := h.App.Accounts.Login(ctx, email, apptest.StrongPassword, "10.0.0.2", "", "")
			var te *model.ThrottledError
			if !errors.As(err, &te) {
				t.Fatalf("%s: 11th attempt err = %v, want ThrottledError", email, err)
			}
			// The first failure was 100 s ago, so the window reopens in 15 min − 100 s: 14 whole minutes rounded up to 14.
			if got := te.Minutes(); got != 14 {
				t.Fatalf("%s: retry in %d minutes, want 14", email, got)
			}
		}
		h.Clock.Advance(account.ThrottleWindow)
		if _, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "10.0.0.2", "", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// TR-2: idle timeout (practice setting, 15 minutes) and absolute timeout (12 hours).
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		login := func() string {
			res, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			return res.Token
		}
		tok := login()
		h.Clock.Advance(14 * time.Minute)
		if _, err := h.App.Accounts.Authenticate(ctx, tok, ""); err != nil {
			t.Fatalf("after 14 idle minutes: %v", err)
		}
		h.Clock.Advance(15 * time.Minute)
		if _, err := h.App.Accounts.Authenticate(ctx, tok, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("after 15 idle minutes: err = %v, want ErrUnauthenticated", err)
		}

		tok = login()
		for elapsed := time.Duration(0); elapsed < 12*time.Hour-10*time.Minute; elapsed += 10 * time.Minute {
			h.Clock.Advance(10 * time.Minute)
			if _, err := h.App.Accounts.Authenticate(ctx, tok, ""); err != nil {
				t.Fatalf("active session refused after %v: %v", elapsed, err)
			}
		}
		h.Clock.Advance(10 * time.Minute)
		if _, err := h.App.Accounts.Authenticate(ctx, tok, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("after 12 hours of activity: err = %v, want ErrUnauthenticated", err)
		}
	})
}

func TestLoginRotatesSession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		first, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		second, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "", first.Token, "")
		if err != nil {
			t.Fatal(err)
		}
		if first.Token == second.Token {
			t.Fatal("login reused the session token")
		}
		if _, err := h.App.Accounts.Authenticate(ctx, first.Token, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("the session from before login still works: %v", err)
		}
		if _, err := h.App.Accounts.Authenticate(ctx, second.Token, ""); err != nil {
			t.Fatalf("new session: %v", err)
		}
	})
}

// Staff management rules as a table: role × action × own/other practice.
func TestStaffAuthorization(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, otherOwner := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		admin := h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		billing := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		sup := h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
		elsewhere := h.AddStaff(otherOwner, "Eli Elsewhere", "eli@elsewhere.example", model.RoleClinician)
		as := func(s model.Staff) model.Principal {
			return model.Principal{StaffID: s.ID, PracticeID: s.PracticeID, Role: s.Role}
		}
		role := func(r model.Role) *model.Role { return &r }
		no := false
		tests := []struct {
			name  string
			actor model.Staff
			do    func(p model.Principal) error
			want  error // nil, model.ErrForbidden, model.ErrNotFound, or a validation error (errValidation)
		}{
			{"owner adds an owner", owner, func(p model.Principal) error {
				_, err := h.App.Accounts.AddStaff(ctx, p, model.StaffInput{Name: "New Owner", Email: "o2@example.org", Role: model.RoleOwner, Password: apptest.StrongPassword})
				return err
			}, nil},
			{"admin adds a clinician", admin, func(p model.Principal) error {
				_, err := h.App.Accounts.AddStaff(ctx, p, model.StaffInput{Name: "New Clin", Email: "c2@example.org", Role: model.RoleClinician, Password: apptest.StrongPassword})
				return err
			}, nil},
			{"admin cannot add an owner", admin, func(p model.Principal) error {
				_, err := h.App.Accounts.AddStaff(ctx, p, model.StaffInput{Name: "Sneaky", Email: "s@example.org", Role: model.RoleOwner, Password: apptest.StrongPassword})
				return err
			}, errValidation},
			{"clinician cannot add staff", clin, func(p model.Principal) error {
				_, err := h.App.Accounts.AddStaff(ctx, p, model.StaffInput{Name: "X", Email: "x@example.org", Role: model.RoleClinician, Password: apptest.StrongPassword})
				return err
			}, model.ErrForbidden},
			{"billing cannot change roles", billing, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, clin.ID, model.StaffChange{Role: role(model.RoleAdmin)})
				return err
			}, model.ErrForbidden},
			{"supervisor cannot change roles", sup, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, clin.ID, model.StaffChange{Role: role(model.RoleAdmin)})
				return err
			}, model.ErrForbidden},
			{"admin cannot demote the owner", admin, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, owner.ID, model.StaffChange{Role: role(model.RoleBilling)})
				return err
			}, model.ErrForbidden},
			{"owner cannot change own role", owner, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, owner.ID, model.StaffChange{Role: role(model.RoleAdmin)})
				return err
			}, errValidation},
			{"owner cannot deactivate self", owner, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, owner.ID, model.StaffChange{Active: &no})
				return err
			}, errValidation},
			{"owner cannot see another practice's staff", owner, func(p model.Principal) error {
				_, err := h.App.Accounts.GetStaff(ctx, p, elsewhere.ID)
				return err
			}, model.ErrNotFound},
			{"owner cannot change another practice's staff", owner, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, elsewhere.ID, model.StaffChange{Active: &no})
				return err
			}, model.ErrNotFound},
			{"an admin supervised by a clinician is refused", owner, func(p model.Principal) error {
				sid := clin.ID
				_, err := h.App.Accounts.UpdateStaff(ctx, p, admin.ID, model.StaffChange{SupervisorID: &sid})
				return err
			}, errValidation},
			{"clinician supervised by a supervisor", owner, func(p model.Principal) error {
				sid := sup.ID
				_, err := h.App.Accounts.UpdateStaff(ctx, p, clin.ID, model.StaffChange{SupervisorID: &sid})
				return err
			}, nil},
			{"admin deactivates a clinician", admin, func(p model.Principal) error {
				_, err := h.App.Accounts.UpdateStaff(ctx, p, billing.ID, model.StaffChange{Active: &no})
				return err
			}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.do(as(tc.actor))
				switch {
				case tc.want == nil && err != nil:
					t.Fatalf("err = %v, want success", err)
				case tc.want == errValidation:
					var ve *model.ValidationError
					if !errors.As(err, &ve) {
						t.Fatalf("err = %v, want a validation error", err)
					}
				case tc.want != nil && !errors.Is(err, tc.want):
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
			})
		}
	})
}

var errValidation = errors.New("validation")

func TestDuplicateStaffEmail(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Cal", "cal@example.org", model.RoleClinician)
		_, err := h.App.Accounts.AddStaff(ctx, model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner},
			model.StaffInput{Name: "Cal Again", Email: " CAL@example.org", Role: model.RoleClinician, Password: apptest.StrongPassword})
		var ce *model.ConflictError
		if !errors.As(err, &ce) || ce.Field != "email" {
			t.Fatalf("err = %v, want a conflict on email", err)
		}
	})
}

// Two owners demoting each other at the same moment cannot leave the practice without an owner.
func TestLastOwnerUnderConcurrency(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, first := h.Setup()
		for round := range 8 {
			second := h.AddStaff(first, "Owner Two", fmt.Sprintf("o2-%d@example.org", round), model.RoleOwner)
			admin := model.RoleAdmin
			errs := make(chan error, 2)
			for _, pair := range [][2]model.Staff{{first, second}, {second, first}} {
				go func() {
					p := model.Principal{StaffID: pair[0].ID, PracticeID: pair[0].PracticeID, Role: model.RoleOwner}
					_, err := h.App.Accounts.UpdateStaff(ctx, p, pair[1].ID, model.StaffChange{Role: &admin})
					errs <- err
				}()
			}
			failures := 0
			for range 2 {
				var ve *model.ValidationError
				if err := <-errs; errors.As(err, &ve) && ve.Fields["role"] != "" {
					failures++
				} else if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			staff, _ := h.App.Accounts.ListStaff(ctx, model.Principal{PracticeID: first.PracticeID})
			owners := 0
			for _, s := range staff {
				if s.Role == model.RoleOwner && s.Active {
					owners++
					first = s
				}
			}
			if owners != 1 || failures != 1 {
				t.Fatalf("round %d: %d owners left and %d refusals; want 1 and 1", round, owners, failures)
			}
		}
	})
}

func TestOwnersAreProtected(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		second := h.AddStaff(owner, "Second Owner", "o2@example.org", model.RoleOwner)
		p2 := model.Principal{StaffID: second.ID, PracticeID: second.PracticeID, Role: model.RoleOwner}
		admin := model.RoleAdmin
		if _, err := h.App.Accounts.UpdateStaff(ctx, p2, owner.ID, model.StaffChange{Role: &admin}); err != nil {
			t.Fatalf("demoting one of two owners: %v", err)
		}
		p1 := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleAdmin}
		_, err := h.App.Accounts.UpdateStaff(ctx, p1, second.ID, model.StaffChange{Role: &admin})
		if !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("an admin demoting the remaining owner: err = %v, want ErrForbidden", err)
		}
	})
}

// TR-2: deactivation ends sessions and tokens at once.
func TestDeactivationEndsSessionsAndTokens(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal", "cal@example.org", model.RoleClinician)
		res, err := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		cp := model.Principal{StaffID: clin.ID, PracticeID: clin.PracticeID, Role: clin.Role}
		_, secret, err := h.App.Accounts.CreateToken(ctx, cp, "script")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Accounts.AuthenticateToken(ctx, secret, ""); err != nil {
			t.Fatalf("token before deactivation: %v", err)
		}
		no := false
		op := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
		if _, err := h.App.Accounts.UpdateStaff(ctx, op, clin.ID, model.StaffChange{Active: &no}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Accounts.Authenticate(ctx, res.Token, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("session after deactivation: err = %v", err)
		}
		if _, err := h.App.Accounts.AuthenticateToken(ctx, secret, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("token after deactivation: err = %v", err)
		}
		if _, err := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", ""); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("login after deactivation: err = %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal", "cal@example.org", model.RoleClinician)
		if !clin.MustChangePassword {
			t.Fatal("a new staff member's password is not marked temporary")
		}
		a, _ := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", "")
		b, _ := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", "")
		p, err := h.App.Accounts.Authenticate(ctx, a.Token, "")
		if err != nil {
			t.Fatal(err)
		}
		err = h.App.Accounts.ChangePassword(ctx, p, "not my password", "a brand new passphrase", false)
		var ve *model.ValidationError
		if !errors.As(err, &ve) || ve.Fields["current_password"] == "" {
			t.Fatalf("wrong current password: err = %v", err)
		}
		if err := h.App.Accounts.ChangePassword(ctx, p, apptest.StrongPassword, "a brand new passphrase", false); err != nil {
			t.Fatal(err)
		}
		if p, err = h.App.Accounts.Authenticate(ctx, a.Token, ""); err != nil || p.MustChangePassword {
			t.Fatalf("the session that changed the password: %+v, %v", p, err)
		}
		if _, err := h.App.Accounts.Authenticate(ctx, b.Token, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("another session survived the password change: %v", err)
		}
		if _, err := h.App.Accounts.Login(ctx, "cal@example.org", "a brand new passphrase", "", "", ""); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal", "cal@example.org", model.RoleClinician)
		op := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
		cp := model.Principal{StaffID: clin.ID, PracticeID: clin.PracticeID, Role: clin.Role}
		tok, secret, err := h.App.Accounts.CreateToken(ctx, op, "reports")
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.App.Accounts.AuthenticateToken(ctx, secret, "")
		if err != nil || got.StaffID != owner.ID || got.TokenID != tok.ID {
			t.Fatalf("AuthenticateToken = %+v, %v", got, err)
		}
		if _, err := h.App.Accounts.AuthenticateToken(ctx, secret+"x", ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("a wrong token: %v", err)
		}
		if err := h.App.Accounts.RevokeToken(ctx, cp, tok.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("revoking someone else's token: err = %v, want ErrNotFound", err)
		}
		if err := h.App.Accounts.RevokeToken(ctx, op, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Accounts.AuthenticateToken(ctx, secret, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("a revoked token still works: %v", err)
		}
		if _, _, err := h.App.Accounts.CreateToken(ctx, op, "  "); err == nil {
			t.Fatal("a token without a name was created")
		}
	})
}

// TR-2: attempts sent at the same moment cannot get more than ThrottleAttempts password checks.
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		const tries = 30
		results := make(chan error, tries)
		for range tries {
			go func() {
				_, err := h.App.Accounts.Login(ctx, "owner@example.org", "a wrong guess here", "10.0.0.9", "", "")
				results <- err
			}()
		}
		checked, throttled := 0, 0
		for range tries {
			err := <-results
			var te *model.ThrottledError
			switch {
			case errors.Is(err, account.ErrBadCredentials):
				checked++
			case errors.As(err, &te):
				throttled++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if checked != account.ThrottleAttempts || throttled != tries-account.ThrottleAttempts {
			t.Fatalf("%d passwords checked and %d throttled; want %d and %d", checked, throttled, account.ThrottleAttempts, tries-account.ThrottleAttempts)
		}
		res, err := h.App.Audit.Search(ctx, model.Principal{PracticeID: owner.PracticeID, Role: model.RoleOwner}, audit.Query{Action: "auth.login_failed", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tries {
			t.Fatalf("%d failed-login events audited, want %d", res.Total, tries)
		}
	})
}
