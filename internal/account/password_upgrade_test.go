package account_test

import (
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
	"tend/internal/testdb"
)

// oldCost stands for hashes made before the standard cost changed (issue 19: 19 MiB and 2 passes, now
// OWASP's equally strong 7 MiB and 5): any cost other than the harness's own (64 KiB, 1 pass) is "old".
var oldCost = password.Hasher{MemoryKiB: 128, Passes: 2}

const oldParams, newParams = "$m=128,t=2,p=1$", "$m=64,t=1,p=1$"

// Issue 19, item 2 (TR-2, PT-1): a password hash made with the old parameters still signs in, and the first
// successful sign-in replaces it with a hash of the same password at the current cost, for staff (with and
// without two-step sign-in) and portal accounts. A wrong password changes nothing; a password changed
// between the check and the upgrade is kept.
func TestSignInUpgradesAnOldHash(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, owner := h.Setup()
		st := h.App.Accounts.Store
		setOld := func(t *testing.T, set func(q store.Q, hash string) error) string {
			t.Helper()
			hash, err := oldCost.Hash(apptest.StrongPassword)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Tx(ctx, func(q store.Q) error { return set(q, hash) }); err != nil {
				t.Fatal(err)
			}
			return hash
		}
		staffHash := func(t *testing.T, id string) string {
			t.Helper()
			hash, err := store.StaffPasswordHash(ctx, st.R(), id)
			if err != nil {
				t.Fatal(err)
			}
			return hash
		}

		t.Run("staff", func(t *testing.T) {
			old := setOld(t, func(q store.Q, hash string) error {
				return store.SetStaffPassword(ctx, q, owner.ID, hash, false, h.Clock.Now())
			})
			if _, err := h.App.Accounts.Login(ctx, owner.Email, "not the password at all", "10.0.0.1", "", ""); err == nil {
				t.Fatal("a wrong password signed in")
			}
			if got := staffHash(t, owner.ID); got != old {
				t.Fatalf("a wrong password changed the hash to %q", got)
			}
			if _, err := h.App.Accounts.Login(ctx, owner.Email, apptest.StrongPassword, "10.0.0.1", "", ""); err != nil {
				t.Fatalf("sign-in with an old-cost hash: %v", err)
			}
			got := staffHash(t, owner.ID)
			if !strings.Contains(got, newParams) {
				t.Fatalf("after sign-in the hash is %q, want the current cost %s", got, newParams)
			}
			if _, err := h.App.Accounts.Login(ctx, owner.Email, apptest.StrongPassword, "10.0.0.1", "", ""); err != nil {
				t.Fatalf("sign-in with the upgraded hash: %v", err)
			}
			if again := staffHash(t, owner.ID); again != got {
				t.Fatal("a current hash was replaced again")
			}
		})

		t.Run("staff with two-step sign-in", func(t *testing.T) {
			other := h.AddStaff(owner, "Tess Two", "tess@example.org", model.RoleClinician)
			h.EnrolTwoStep(other)
			old := setOld(t, func(q store.Q, hash string) error {
				return store.SetStaffPassword(ctx, q, other.ID, hash, false, h.Clock.Now())
			})
			res, err := h.App.Accounts.Login(ctx, other.Email, apptest.StrongPassword, "10.0.0.2", "", "")
			if err != nil || !res.SecondStep {
				t.Fatalf("password step: %+v, %v", res, err)
			}
			if got := staffHash(t, other.ID); got == old || !strings.Contains(got, newParams) {
				t.Fatalf("after the password step the hash is %q, want the current cost %s", got, newParams)
			}
		})

		t.Run("password changed meanwhile", func(t *testing.T) {
			current := staffHash(t, owner.ID)
			if err := st.Tx(ctx, func(q store.Q) error {
				return store.UpgradeStaffPassword(ctx, q, owner.ID, "$argon2id$v=19"+oldParams+"c3RhbGU$c3RhbGU", "replacement")
			}); err != nil {
				t.Fatal(err)
			}
			if got := staffHash(t, owner.ID); got != current {
				t.Fatalf("an upgrade from a stale hash replaced %q with %q", current, got)
			}
		})

		t.Run("portal", func(t *testing.T) {
			c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Pat"), LastName: strp("Portal")})
			if err != nil {
				t.Fatal(err)
			}
			a := h.PortalUser(model.Client{ID: c.ID, PracticeID: pr.ID, PersonID: c.PersonID}, "", "pat@example.org", "Pat", apptest.StrongPassword, model.AccessSelf, nil)
			old := setOld(t, func(q store.Q, hash string) error {
				return store.SetPortalPassword(ctx, q, a.AccountID, hash, h.Clock.Now())
			})
			portalHash := func() string {
				t.Helper()
				_, hash, err := store.PortalAccountByEmail(ctx, st.R(), "pat@example.org")
				if err != nil {
					t.Fatal(err)
				}
				return hash
			}
			if _, err := h.App.Portal.Login(ctx, "pat@example.org", "not the password at all", "10.0.0.3", "", ""); err == nil {
				t.Fatal("a wrong password signed in")
			}
			if got := portalHash(); got != old {
				t.Fatalf("a wrong password changed the hash to %q", got)
			}
			if _, err := h.App.Portal.Login(ctx, "pat@example.org", apptest.StrongPassword, "10.0.0.3", "", ""); err != nil {
				t.Fatalf("portal sign-in with an old-cost hash: %v", err)
			}
			got := portalHash()
			if !strings.Contains(got, newParams) {
				t.Fatalf("after sign-in the portal hash is %q, want the current cost %s", got, newParams)
			}
			if _, err := h.App.Portal.Login(ctx, "pat@example.org", apptest.StrongPassword, "10.0.0.3", "", ""); err != nil {
				t.Fatalf("portal sign-in with the upgraded hash: %v", err)
			}
		})
	})
}

func strp(s string) *string { return &s }
