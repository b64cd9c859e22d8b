package db_test

import (
	"os"
	"path/filepath"
	"testing"

	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 11, item 3: upgrading a database of the release before River moves mail waiting in the old jobs
// table into River (so an upgrade loses none) and drops that table; running the migrations again, River's
// included, changes nothing.
func TestUpgradeToRiver(t *testing.T) {
	t.Parallel()
	urls := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "tend.db")}
	if admin := os.Getenv("TEND_TEST_POSTGRES"); admin != "" {
		urls["postgres"] = testdb.URL(t, admin)
	}
	for name, u := range urls {
		t.Run(name, func(t *testing.T) {
			d, err := db.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.MigrateOldRelease(ctx, 12); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO jobs (id, kind, payload, state, run_at, max_attempts, created_at, updated_at)
					VALUES ('j1', 'mail.send', '{"message_id":"m1"}', 'queued', 0, 8, 0, 0),
					       ('j2', 'mail.send', '{"message_id":"m2"}', 'done', 0, 8, 0, 0)`,
				`INSERT INTO mail_messages (id, job_id, to_address, subject, text_body, html_body, state, created_at)
					VALUES ('m1', 'j1', 'rosa@example.org', 'Hello', 'text', '<p>html</p>', 'queued', 1),
					       ('m2', 'j2', 'cal@example.org', 'Hello', '', '', 'sent', 1)`,
			} {
				if _, err := d.W.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var jobID int64
			var state, queue string
			err = d.R.QueryRowContext(ctx, `SELECT r.id, r.state, r.queue FROM river_job r JOIN mail_messages m ON m.job_id = r.id
				WHERE m.id = 'm1' AND r.kind = 'mail.send'`).Scan(&jobID, &state, &queue)
			if err != nil || state != "available" || queue != "mail" {
				t.Fatalf("the waiting message's River job: %d %s %s %v", jobID, state, queue, err)
			}
			var jobs int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&jobs); err != nil || jobs != 1 {
				t.Fatalf("%d River jobs (%v), want 1: a sent message needs none", jobs, err)
			}
			if _, err := d.R.ExecContext(ctx, `SELECT 1 FROM jobs`); err == nil {
				t.Fatal("the old jobs table is still there")
			}
			versions := func() (n int) {
				if err := d.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM river_migration) + (SELECT COUNT(*) FROM schema_migrations)`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := versions()
			if n, err := d.Migrate(ctx); n != 0 || err != nil {
				t.Fatalf("migrating again applied %d (%v)", n, err)
			}
			if after := versions(); after != before {
				t.Fatalf("migrating again recorded %d versions, before %d", after, before)
			}
		})
	}
}
