package clients_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 11, item 5: a bulk action on more than a few hundred charts no longer runs as one long
// transaction inside the request. Every chart is checked first; then an operation is stored and run in
// the background in short chunks, with its progress readable, one audit event per chart (inserted in
// batches, the chain still verifying), and only for its starter and the practice's owners and admins.
func TestBulkRunsInTheBackground(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := as(w.owner)
		const n = 300
		ids := make([]string, 0, n+1)
		for i := range n {
			c := w.create(t, w.owner, "Bulk", "Client "+strconv.Itoa(i), model.ClientChange{})
			ids = append(ids, c.ID)
		}
		ids = append(ids, ids[0]) // a repeat is counted once

		// A clinician who may not see these charts is refused before anything changes.
		if _, err := w.h.App.Clients.Bulk(ctx, as(w.clin), clients.ActionArchive, ids, 0); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("bulk archive of charts the clinician cannot see: %v", err)
		}

		res, err := w.h.App.Clients.Bulk(ctx, p, clients.ActionArchive, ids, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.Operation == nil {
			t.Fatalf("bulk archive of %d charts ran inside the request: %+v", n, res)
		}
		op := res.Operation
		if op.State != model.BulkQueued || op.Total != n || op.Done != 0 {
			t.Fatalf("queued operation: %+v", op)
		}
		if _, err := w.h.App.Clients.BulkOperation(ctx, as(w.clin), op.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("a clinician read someone else's bulk operation: %v", err)
		}
		w.h.RunJobs()
		got, err := w.h.App.Clients.BulkOperation(ctx, as(w.admin), op.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != model.BulkDone || got.Done != n || got.Changed != n || got.Percent() != 100 {
			t.Fatalf("after the job: %+v", got)
		}
		archived, err := w.h.App.Clients.MatchingIDs(ctx, p, clients.ListQuery{Statuses: []model.Status{model.StatusArchived}})
		if err != nil || len(archived) != n {
			t.Fatalf("archived: %d, %v", len(archived), err)
		}
		page, err := w.h.App.Audit.Search(ctx, p, audit.Query{Action: "chart.archive"})
		if err != nil || page.Total != n+1 { // one per chart, and the clinician's refused attempt
			t.Fatalf("archive events: %d, %v", page.Total, err)
		}
		if _, err := w.h.App.AuditLog.Verify(ctx, w.h.App.Clients.Store.R()); err != nil {
			t.Fatalf("the audit chain after a batched append: %v", err)
		}
		// Tagging as many runs the same way, and the search finds them by the tag.
		tag, err := w.h.App.Clients.CreateTag(ctx, p, "Spring cohort")
		if err != nil {
			t.Fatal(err)
		}
		tr, err := w.h.App.Clients.Tag(ctx, p, tag.ID, ids, false)
		if err != nil || tr.Operation == nil {
			t.Fatalf("bulk tag of %d charts: %+v, %v", n, tr, err)
		}
		w.h.RunJobs()
		found, err := w.h.App.Clients.MatchingIDs(ctx, p, clients.ListQuery{Q: "spring coh", Statuses: model.Statuses()})
		if err != nil || len(found) != n {
			t.Fatalf("found by the new tag: %d, %v", len(found), err)
		}
		// Running it again (a retried job) changes nothing.
		if err := w.h.App.Clients.RunBulk(ctx, op.ID); err != nil {
			t.Fatal(err)
		}
		if again, _ := w.h.App.Clients.BulkOperation(ctx, p, op.ID); again.Changed != n {
			t.Fatalf("a second run: %+v", again)
		}
	})
}

// Issue 11, item 5: a run that stopped (a crash, a restart) resumes from its recorded progress: the
// charts of chunks already done are not visited again.
func TestBulkResumes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := as(w.owner)
		var ids []string
		for i := range 260 {
			ids = append(ids, w.create(t, w.owner, "Resume", "Client "+strconv.Itoa(i), model.ClientChange{}).ID)
		}
		res, err := w.h.App.Clients.Bulk(ctx, p, clients.ActionDeactivate, ids, 0)
		if err != nil || res.Operation == nil {
			t.Fatalf("bulk deactivate: %+v, %v", res, err)
		}
		// As if an earlier run had done the first 100 and then stopped.
		if _, err := d.W.ExecContext(ctx, `UPDATE bulk_operations SET done = 100, state = 'running' WHERE id = $1`, res.Operation.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.h.App.Clients.RunBulk(ctx, res.Operation.ID); err != nil {
			t.Fatal(err)
		}
		op, err := w.h.App.Clients.BulkOperation(ctx, p, res.Operation.ID)
		if err != nil || op.State != model.BulkDone || op.Done != 260 || op.Changed != 160 {
			t.Fatalf("resumed run: %+v, %v", op, err)
		}
		for i, want := range map[int]model.Status{0: model.StatusActive, 99: model.StatusActive, 100: model.StatusInactive, 259: model.StatusInactive} {
			if c, err := w.h.App.Clients.Get(ctx, p, ids[i]); err != nil || c.Status() != want {
				t.Errorf("chart %d after the resumed run: %s, %v; want %s", i, c.Status(), err, want)
			}
		}
	})
}

// Issue 11, item 5: a background bulk run acts as its starter is now, not as they were when they asked.
// An admin deactivated (or demoted to clinician) after starting a large delete stops it: nothing more
// is deleted, and the operation says why.
// Proves LS-5.
func TestBulkRunFollowsTheStartersCurrentRights(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var ids []string
		for i := range 260 {
			ids = append(ids, w.create(t, w.owner, "Rights", "Client "+strconv.Itoa(i), model.ClientChange{}).ID)
		}
		for name, change := range map[string]model.StaffChange{
			"deactivated": {Active: new(false)},
			"demoted":     {Role: new(model.RoleClinician)},
		} {
			admin := w.h.AddStaff(w.owner, "Ann "+name, name+"@example.org", model.RoleAdmin)
			res, err := w.h.App.Clients.Bulk(ctx, as(admin), clients.ActionDelete, ids, len(ids))
			if err != nil || res.Operation == nil {
				t.Fatalf("%s: bulk delete: %+v, %v", name, res, err)
			}
			if _, err := w.h.App.Accounts.UpdateStaff(ctx, as(w.owner), admin.ID, change); err != nil {
				t.Fatal(err)
			}
			_ = w.h.App.Clients.RunBulk(ctx, res.Operation.ID)
			op, err := w.h.App.Clients.BulkOperation(ctx, as(w.owner), res.Operation.ID)
			if err != nil || op.State != model.BulkFailed || op.Changed != 0 {
				t.Fatalf("%s: the run went on: %+v, %v", name, op, err)
			}
			if _, err := w.h.App.Clients.Get(ctx, as(w.owner), ids[0]); err != nil {
				t.Fatalf("%s: a chart was deleted: %v", name, err)
			}
		}
	})
}

// Issue 11, item 5: when another run of an operation stopped it for good while this run was in a chunk,
// this run stops too; before, it sliced the emptied id list and panicked. Two runs only overlap with a
// second writer, so this runs on PostgreSQL (always in CI).
func TestBulkRunStopsWhenAnotherRunFailedIt(t *testing.T) {
	t.Parallel()
	if testdb.PostgresAdmin(t) == "" {
		return
	}
	d := testdb.Postgres(t)
	w := newWorld(t, d)
	var ids []string
	for i := range 260 {
		ids = append(ids, w.create(t, w.owner, "Moved", "Client "+strconv.Itoa(i), model.ClientChange{}).ID)
	}
	res, err := w.h.App.Clients.Bulk(ctx, as(w.owner), clients.ActionDeactivate, ids, 0)
	if err != nil || res.Operation == nil {
		t.Fatalf("bulk: %+v, %v", res, err)
	}
	svc := *w.h.App.Clients
	now, fired := svc.Now, false
	svc.Now = func() time.Time {
		if !fired { // another run did 100, then was refused and failed the operation
			fired = true
			if _, err := d.W.ExecContext(ctx, `UPDATE bulk_operations SET done = 100, state = 'failed', chart_ids = '[]' WHERE id = $1`, res.Operation.ID); err != nil {
				t.Error(err)
			}
		}
		return now()
	}
	if err := svc.RunBulk(ctx, res.Operation.ID); err != nil {
		t.Fatalf("RunBulk: %v", err)
	}
	op, err := w.h.App.Clients.BulkOperation(ctx, as(w.owner), res.Operation.ID)
	if err != nil || op.State != model.BulkFailed || op.Done != 100 {
		t.Fatalf("after the overlapping run: %+v, %v", op, err)
	}
}
