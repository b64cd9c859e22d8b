package loadbench_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/loadbench"
	"tend/internal/store"
	"tend/internal/testdb"
)

// The short run CI makes (issue 19, item 2): a small demo served in-process, every staff cell at
// concurrency 1 and 4, and 20 portal clients at once. It fails on any request error, never on time.
func TestShortRunHasNoErrors(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		login, err := demo.Fill(ctx, h.App.DemoServices(), 80, 7)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Documents(ctx, h.App.Accounts, h.App.Portal, h.App.Documents, login); err != nil {
			t.Fatal(err)
		}
		portal, err := demo.BenchPortal(ctx, h.App.Accounts, h.App.AuditLog, h.App.Documents, login, 20)
		if err != nil {
			t.Fatal(err)
		}
		if len(portal) != 20 {
			t.Fatalf("the demo made %d portal accounts for the suite, want 20", len(portal))
		}
		o := loadbench.Options{URL: h.Server.URL, Duration: 150 * time.Millisecond, Concurrency: []int{1, 4}, PortalClients: 20,
			FloorAddr: "127.0.0.1:0", Store: store.New(d),
			Logins: demo.LoginsFile{OwnerEmail: login.Email, OwnerPassword: login.Password, RecordChartID: login.Portal.ChartID, Portal: portal}}
		rep, err := loadbench.Run(ctx, o)
		if err != nil {
			t.Fatal(err)
		}

		for _, r := range rep.Rows {
			if r.Errors > 0 {
				t.Errorf("%s at %d: %d of %d requests failed, the first: %s", r.Name, r.Concurrency, r.Errors, r.Requests, r.FirstError)
			}
			if r.Requests == 0 {
				t.Errorf("%s at %d made no request", r.Name, r.Concurrency)
			}
		}
		visits := 0
		for _, r := range rep.Rows {
			if r.Name == "portal whole visit" {
				visits = r.Requests
			}
		}
		if visits != 20 {
			t.Errorf("%d portal visits, want 20", visits)
		}
		// The server's Go heap comes from its /metrics (this machine may read it), apart from RSS.
		if rep.GoHeapIdleKB == 0 || rep.GoHeapPeakKB < rep.GoHeapIdleKB || rep.GoTotalPeakKB < rep.GoHeapPeakKB {
			t.Errorf("Go heap idle %d KiB, peak %d KiB, runtime total peak %d KiB: not read from /metrics", rep.GoHeapIdleKB, rep.GoHeapPeakKB, rep.GoTotalPeakKB)
		}
		// Run again on the same demo: the suite asks for a new PHQ-9 where the last run answered it. The
		// portal clients now arrive over 300 ms rather than at once.
		o.Concurrency, o.Duration, o.PortalClients, o.PortalArrival = []int{1}, 50*time.Millisecond, 5, 300*time.Millisecond
		if rep, err = loadbench.Run(ctx, o); err != nil || rep.Errors > 0 {
			t.Fatalf("a second run: %v, %d errors", err, rep.Errors)
		}
		for _, r := range rep.Rows {
			// The last client starts 4×300/5 = 240 ms after the first, so the run spans at least that.
			if r.Name == "portal whole visit" && (r.Requests != 5 || r.PerSecond > 5/0.24) {
				t.Errorf("arriving over 300 ms: %d visits at %.1f/s, want 5 at most 5 per 240 ms", r.Requests, r.PerSecond)
			}
		}
	})
}

// The suite refuses an installation tend demo did not fill, unless forced (issue 19, Bad input).
func TestRefusesARealInstallation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		o := loadbench.Options{URL: h.Server.URL, Duration: time.Millisecond, Concurrency: []int{1}, FloorAddr: "127.0.0.1:0", Store: store.New(d),
			Logins: demo.LoginsFile{OwnerEmail: "owner@example.org", OwnerPassword: apptest.StrongPassword}}
		if _, err := loadbench.Run(context.Background(), o); !errors.Is(err, loadbench.ErrNotDemo) {
			t.Fatalf("a run against a real practice: %v, want ErrNotDemo", err)
		}
	})
}
