package db_test

import (
	"os"
	"path/filepath"
	"testing"

	"tend/internal/db"
	"tend/internal/testdb"
)

// ST-1 (issue 13): upgrading to migration 021 keeps Pending only for new clients whose only step is an
// open invitation. A client in care (setup finished) with an open invitation, and one who registered
// before, become Active; a new client with an open invitation stays Pending.
func TestUpgradeKeepsPendingForNewClientsOnly(t *testing.T) {
	t.Parallel()
	urls := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "tend.db")}
	if admin := os.Getenv("TEND_TEST_POSTGRES"); admin != "" {
		urls["postgres"] = testdb.URL(t, admin)
	}
	for name, u := range urls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d, err := db.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.MigrateTo(ctx, 20); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('pr', 'Harbor', 'harbor', 'UTC', 0)`,
				`INSERT INTO portal_accounts (id, email, email_norm, name, password_hash, created_at, updated_at)
					VALUES ('acct', 'old@example.net', 'old@example.net', 'Old Client', 'x', 0, 0)`,
				`INSERT INTO persons (id, practice_id, first_name, last_name, created_at, updated_at) VALUES
					('p-new', 'pr', 'Nia', 'New', 0, 0), ('p-care', 'pr', 'Ivo', 'Care', 0, 0), ('p-back', 'pr', 'Bo', 'Back', 0, 0),
					('p-none', 'pr', 'Una', 'Uninvited', 0, 0)`,
				`INSERT INTO charts (id, practice_id, kind, person_id, portal_state, setup_completed_at, created_at, updated_at) VALUES
					('c-new', 'pr', 'individual', 'p-new', 'invited', NULL, 0, 0),
					('c-care', 'pr', 'individual', 'p-care', 'invited', 5, 0, 0),
					('c-back', 'pr', 'individual', 'p-back', 'invited', NULL, 0, 0),
					('c-none', 'pr', 'individual', 'p-none', '', NULL, 0, 0)`,
				`INSERT INTO portal_access (id, practice_id, chart_id, person_id, role, email, email_norm, account_id, state, created_at, updated_at) VALUES
					('a-new', 'pr', 'c-new', 'p-new', 'self', 'n@example.net', 'n@example.net', NULL, 'invited', 0, 0),
					('a-care', 'pr', 'c-care', 'p-care', 'self', 'i@example.net', 'i@example.net', NULL, 'invited', 0, 0),
					('a-back', 'pr', 'c-back', 'p-back', 'self', 'old@example.net', 'old@example.net', 'acct', 'ended', 0, 0)`,
			} {
				if _, err := d.W.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{"c-new": true, "c-care": false, "c-back": false, "c-none": false}
			for id, pending := range want {
				var got bool
				if err := d.R.QueryRowContext(ctx, `SELECT pending FROM charts WHERE id = $1`, id).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != pending {
					t.Errorf("%s: pending = %v after the upgrade, want %v", id, got, pending)
				}
			}
		})
	}
}
