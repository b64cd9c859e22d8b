package instancetest

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"tend/internal/account"
	"tend/internal/audit"
	"tend/internal/outbox"
	"tend/internal/plans"
	"tend/internal/reminders"
	"tend/internal/testdb"
)

const (
	ownerEmail    = "owner@harbor.example"
	ownerPassword = "tidal pools at dawn 19"
)

// TestSeveralInstances starts two, then three, `tend serve` processes on one fresh PostgreSQL database,
// each on its own port with its own data folder and the same secret key, no proxy in front, and proves
// what they share (issue 19, item 1). Run it with:
//
//	TEND_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' go test ./internal/instancetest/
//
// Without TEND_TEST_POSTGRES it is skipped, except under CI=true, where it fails.
// Proves PRODUCT.md's "several app instances", TR-1, TR-2 and AP-1.
func TestSeveralInstances(t *testing.T) {
	t.Parallel()
	admin := testdb.PostgresAdmin(t) // fails under CI=true when unset
	if admin == "" {
		t.Skip("several instances need PostgreSQL: set TEND_TEST_POSTGRES")
	}
	c := newCluster(t, admin, 3)
	two, all := c.nodes[:2], c.nodes

	c.start(two...) // together, on an empty database: both migrate
	if _, err := c.tend(ownerPassword+"\n", "setup", "--practice", "Harbor Counseling", "--name", "Olive Owner",
		"--email", ownerEmail, "--password-file", "-"); err != nil {
		t.Fatal(err)
	}
	token, err := c.tend("", "token", "create", "--email", ownerEmail, "--name", "instances")
	if err != nil {
		t.Fatal(err)
	}
	c.token = strings.TrimSpace(token)

	t.Run("two/migrations run once", func(t *testing.T) { migrationsOnce(t, c.in(t)) })
	t.Run("two/a session works on every instance (TR-2)", func(t *testing.T) { sharedSession(t, c.in(t), two) })

	c.start(all[2])
	t.Run("three/migrations run once", func(t *testing.T) { migrationsOnce(t, c.in(t)) })
	t.Run("three/a session works on every instance (TR-2)", func(t *testing.T) { sharedSession(t, c.in(t), all) })
	t.Run("three/sign-in throttling counts across instances (TR-2)", func(t *testing.T) { sharedThrottle(t, c.in(t)) })
	t.Run("three/periodic work runs on the leader only", func(t *testing.T) { leaderOnly(t, c.in(t)) })
	t.Run("three/the audit chain holds under concurrent writes (TR-1)", func(t *testing.T) { auditUnderLoad(t, c.in(t)) })
	t.Run("three/jobs go exactly once across SIGKILL and restart (AP-1)", func(t *testing.T) { exactlyOnce(t, c.in(t)) })
	t.Run("three/the sign-in rate limit per network is per instance", func(t *testing.T) { perInstanceLimit(t, c.in(t)) })
}

// migrationsOnce: every instance started (none failed on the others' migrations), the applied counts
// they logged add up to the migrations in the database (each ran once: the advisory lock made them take
// turns, and whoever came second found nothing to do), and the schema is at this binary's version.
func migrationsOnce(t *testing.T, c *cluster) {
	applied, processes := 0, 0
	for _, n := range c.nodes {
		for _, l := range c.logLines(n, "database ready") {
			applied += int(l["migrations_applied"].(float64))
			processes++
		}
	}
	want := c.count(`SELECT COUNT(*) FROM schema_migrations`) + c.count(`SELECT COUNT(*) FROM river_migration`)
	if processes < 2 || applied != want {
		t.Fatalf("%d processes logged %d migrations applied in all; the database holds %d: want each applied once", processes, applied, want)
	}
	out, err := c.tend("", "migrate")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "applied 0 migration(s)") {
		t.Fatalf("tend migrate after the instances: %q, want nothing left to apply", out)
	}
	if v := c.count(`SELECT MAX(version) FROM schema_migrations`); !strings.Contains(out, fmt.Sprintf("version %d\n", v)) {
		t.Fatalf("tend migrate says %q; the database is at %d", out, v)
	}
	t.Logf("%d processes, %d migrations applied once each", processes, applied)
}

// sharedSession: a sign-in on the first node gives a cookie that the same client (a cookie jar, as a
// browser: a host-only cookie for 127.0.0.1 goes to every port) uses on every other node; signing out on
// the last node ends the session on all, even for a client that still sends the old cookie.
func sharedSession(t *testing.T, c *cluster, nodes []*node) {
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 15 * time.Second}
	first, last := nodes[0], nodes[len(nodes)-1]
	if st, body := c.do(browser, first, "POST", "/api/v1/auth/login", "", "", map[string]string{"email": ownerEmail, "password": ownerPassword}); st != http.StatusOK {
		t.Fatalf("sign-in on instance %d: %d %s", first.i, st, body)
	}
	var cookie string
	for _, ck := range jar.Cookies(mustURL(t, first.url("/"))) {
		if ck.Name == "tend_session" {
			cookie = ck.Name + "=" + ck.Value
		}
	}
	if cookie == "" {
		t.Fatal("no tend_session cookie after signing in")
	}
	for _, n := range nodes {
		if st, body := c.do(browser, n, "GET", "/api/v1/me", "", "", nil); st != http.StatusOK {
			t.Fatalf("GET /api/v1/me on instance %d with the session of instance %d: %d %s", n.i, first.i, st, body)
		}
		if st, _ := c.do(browser, n, "GET", "/clients", "", "", nil); st != http.StatusOK {
			t.Fatalf("the client list page on instance %d with the session of instance %d: %d", n.i, first.i, st)
		}
	}
	if st, body := c.do(browser, last, "POST", "/api/v1/auth/logout", "", "", nil); st/100 != 2 {
		t.Fatalf("sign-out on instance %d: %d %s", last.i, st, body)
	}
	plain := &http.Client{Timeout: 15 * time.Second}
	for _, n := range nodes {
		if st, _ := c.do(plain, n, "GET", "/api/v1/me", "", cookie, nil); st != http.StatusUnauthorized {
			t.Fatalf("the old cookie on instance %d after signing out on %d: %d, want 401", n.i, last.i, st)
		}
	}
}

// sharedThrottle: wrong passwords for one email, spread over the instances round-robin, reach the
// per-email limit together; the next attempt, with the right password, is refused on yet another node.
func sharedThrottle(t *testing.T, c *cluster) {
	const email, pw = "casey@harbor.example", "granite river spring 19"
	if _, err := c.tend(pw+"\n", "user", "add", "--email", email, "--name", "Casey Clinician", "--role", "clinician", "--password-file", "-"); err != nil {
		t.Fatal(err)
	}
	cl := &http.Client{Timeout: 15 * time.Second} // no cookie jar: no device cookie that would count apart
	const attempts = 10                           // account.ThrottleAttempts
	for k := range attempts {
		n := c.nodes[k%len(c.nodes)]
		if st, body := c.do(cl, n, "POST", "/api/v1/auth/login", "", "", map[string]string{"email": email, "password": "wrong password " + fmt.Sprint(k)}); st != http.StatusUnauthorized {
			t.Fatalf("wrong password %d on instance %d: %d %s, want 401", k+1, n.i, st, body)
		}
	}
	n := c.nodes[attempts%len(c.nodes)]
	st, body := c.do(cl, n, "POST", "/api/v1/auth/login", "", "", map[string]string{"email": email, "password": pw})
	if st != http.StatusTooManyRequests || !strings.Contains(string(body), "too_many_attempts") {
		t.Fatalf("the right password after %d wrong ones on other instances, on instance %d: %d %s, want 429 too_many_attempts", attempts, n.i, st, body)
	}
}

// leaderOnly: River elects one leader among the instances, and only it queues periodic jobs; each kind
// was queued no more often than its interval allows since the first (with every instance queueing them,
// each instance's start would add one more).
func leaderOnly(t *testing.T, c *cluster) {
	ids := c.clientIDs()
	var leader string
	eventually(t, 30*time.Second, "no River leader elected", func() bool {
		return c.db.QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader) == nil
	})
	if ids[leader] == nil {
		t.Fatalf("the leader %q is none of the instances' River clients %v", leader, ids)
	}
	kinds := map[string]time.Duration{outbox.CleanupKind: outbox.CleanupEvery, plans.ReviewNoticeKind: plans.ReviewNoticeEvery,
		reminders.Kind: reminders.Every, audit.CheckpointKind: time.Minute, account.SweepKind: account.SweepEvery}
	for kind, every := range kinds {
		eventually(t, 15*time.Second, kind+" never queued", func() bool {
			return c.count(`SELECT COUNT(*) FROM river_job WHERE kind = $1`, kind) > 0
		})
		var n int
		var first time.Time
		if err := c.db.QueryRow(`SELECT COUNT(*), MIN(created_at) FROM river_job WHERE kind = $1`, kind).Scan(&n, &first); err != nil {
			t.Fatal(err)
		}
		allowed := 1 + int(time.Since(first)/every) // RunOnStart, then one per interval
		if n > allowed {
			t.Errorf("%s queued %d times in %s (every %s): more than one instance queues it", kind, n, time.Since(first).Round(time.Second), every)
		}
	}
	t.Logf("leader %s is instance %d", leader, ids[leader].i)
}

// auditUnderLoad: every instance changes charts at once through the API, several requests each; every
// change is answered, every change has its one audit event, and `tend audit verify` finds the chain whole.
func auditUnderLoad(t *testing.T, c *cluster) {
	var charts []string
	for k := range 3 {
		var cl struct{ ID string }
		if st := c.api(c.nodes[k], "POST", "/api/v1/clients", map[string]string{"first_name": "Load", "last_name": fmt.Sprint("Chart", k)}, &cl); st != http.StatusCreated {
			t.Fatalf("creating a client: %d", st)
		}
		charts = append(charts, cl.ID)
	}
	before := c.count(`SELECT COUNT(*) FROM audit_events WHERE action = 'chart.update'`)
	const perWorker, workersPerNode = 5, 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	fails := []string{}
	for _, n := range c.nodes {
		for w := range workersPerNode {
			wg.Go(func() {
				for k := range perWorker {
					chart := charts[(w+k)%len(charts)]
					st := c.api(n, "PATCH", "/api/v1/clients/"+chart, map[string]string{"pronouns": fmt.Sprintf("they/them %d-%d-%d", n.i, w, k)}, nil)
					if st != http.StatusOK {
						mu.Lock()
						fails = append(fails, fmt.Sprintf("instance %d: %d", n.i, st))
						mu.Unlock()
					}
				}
			})
		}
	}
	wg.Wait()
	if len(fails) > 0 {
		t.Fatalf("%d of the concurrent chart changes failed: %v", len(fails), fails)
	}
	writes := len(c.nodes) * workersPerNode * perWorker
	if got := c.count(`SELECT COUNT(*) FROM audit_events WHERE action = 'chart.update'`) - before; got != writes {
		t.Fatalf("%d chart.update audit events for %d changes", got, writes)
	}
	if out, err := c.tend("", "audit", "verify"); err != nil {
		t.Fatalf("tend audit verify after %d concurrent changes on %d instances: %v", writes, len(c.nodes), err)
	} else {
		t.Logf("%d concurrent changes; tend audit verify: %s", writes, strings.TrimSpace(out))
	}
}

// exactlyOnce: invitation emails and an appointment reminder (AP-1) are queued, then the instances are
// frozen (SIGSTOP) at a moment no job runs, and two of them, the River leader among them, are killed
// (SIGKILL) and restarted. Every email arrives once: nothing queued is lost with the processes, no two
// instances send the same message, and the leader's periodic work moves to a live instance.
func exactlyOnce(t *testing.T, c *cluster) {
	var me struct{ ID string }
	if st := c.api(c.nodes[0], "GET", "/api/v1/me", nil, &me); st != http.StatusOK {
		t.Fatalf("GET /me: %d", st)
	}
	var pr struct {
		ReminderLeadHours []int `json:"reminder_lead_hours"`
	}
	if st := c.api(c.nodes[0], "GET", "/api/v1/practice", nil, &pr); st != http.StatusOK || len(pr.ReminderLeadHours) == 0 {
		t.Fatalf("GET /practice: %d, leads %v", st, pr.ReminderLeadHours)
	}
	lead := time.Duration(pr.ReminderLeadHours[len(pr.ReminderLeadHours)-1]) * time.Hour
	var recipients []string
	newClient := func(n *node, email string) string {
		var cl struct{ ID string }
		if st := c.api(n, "POST", "/api/v1/clients", map[string]string{"first_name": "Mail", "last_name": "Recipient", "email": email}, &cl); st != http.StatusCreated {
			t.Fatalf("creating a client with %s: %d", email, st)
		}
		recipients = append(recipients, email)
		return cl.ID
	}
	// AP-1: an appointment whose reminder falls due a few seconds from now.
	remindee := newClient(c.nodes[0], "remind-me@example.org")
	var booked struct {
		Appointments []struct{ ID string }
	}
	start := time.Now().Add(lead + 5*time.Second).UTC().Format(time.RFC3339)
	if st := c.api(c.nodes[1], "POST", "/api/v1/appointments", map[string]any{"chart_id": remindee, "clinician_id": me.ID,
		"starts_at": start, "duration_minutes": 50, "location_kind": "office"}, &booked); st != http.StatusCreated || len(booked.Appointments) != 1 {
		t.Fatalf("booking: %d %+v", st, booked)
	}
	// Invitations, queued through every instance.
	for k := range 6 {
		n := c.nodes[k%len(c.nodes)]
		email := fmt.Sprintf("invitee-%d@example.org", k)
		id := newClient(n, email)
		if st := c.api(n, "POST", "/api/v1/clients/"+id+"/invitations", map[string]any{"email": email}, nil); st/100 != 2 {
			t.Fatalf("inviting %s on instance %d: %d", email, n.i, st)
		}
	}
	var leader string
	if err := c.db.QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader); err != nil {
		t.Fatal(err)
	}
	ids := c.clientIDs()
	victims := []*node{ids[leader]}
	if victims[0] == nil {
		t.Fatalf("leader %q unknown", leader)
	}
	victims = append(victims, c.nodes[(victims[0].i+1)%len(c.nodes)])

	// Freeze everyone, and kill only at a moment no job is running (a job killed mid-run waits for
	// River's rescue, 10 minutes, by design); otherwise let them go on for a moment and try again.
	delivered := 0
	eventually(t, 20*time.Second, "no moment without a running job to kill the instances in", func() bool {
		c.signal(syscall.SIGSTOP, c.nodes...)
		if c.count(`SELECT COUNT(*) FROM river_job WHERE state = 'running'`) == 0 {
			for _, v := range victims {
				c.kill(v)
			}
			delivered = len(c.smtp.Messages())
			c.signal(syscall.SIGCONT, c.nodes...)
			return true
		}
		c.signal(syscall.SIGCONT, c.nodes...)
		return false
	})
	t.Logf("killed instances %d (the leader) and %d with %d of %d emails delivered", victims[0].i, victims[1].i, delivered, len(recipients))
	c.start(victims...)

	eventually(t, 60*time.Second, "not every email arrived", func() bool {
		for _, r := range recipients {
			if c.received(r) == 0 {
				return false
			}
		}
		return true
	})
	// Nothing left that could send a second copy, then count.
	eventually(t, 30*time.Second, "mail jobs still waiting or running", func() bool {
		return c.count(`SELECT COUNT(*) FROM river_job WHERE kind IN ($1, $2) AND state NOT IN ('completed', 'cancelled', 'discarded')`,
			outbox.Kind, reminders.Kind) == 0
	})
	for _, r := range recipients {
		if n := c.received(r); n != 1 {
			t.Errorf("%s received %d messages, want exactly 1", r, n)
		}
	}
	if n := c.count(`SELECT COUNT(*) FROM appointment_reminders WHERE appointment_id = $1 AND sent_at IS NOT NULL`, booked.Appointments[0].ID); n != 1 {
		t.Errorf("%d reminders claimed for the appointment, want 1", n)
	}
	// The killed leader's term runs out (River's TTL, about 15 seconds) and a live instance leads.
	live := map[string]bool{} // the River client of each running process: the last one its node logged
	for _, n := range c.nodes {
		if l := c.logLines(n, "River client started"); n.cmd != nil && len(l) > 0 {
			live[fmt.Sprint(l[len(l)-1]["client_id"])] = true
		}
	}
	eventually(t, 30*time.Second, "no live instance took over from the killed leader", func() bool {
		var now string
		return c.db.QueryRow(`SELECT leader_id FROM river_leader`).Scan(&now) == nil && now != leader && live[now]
	})
}

// perInstanceLimit: the per-network sign-in limit (httpx.SignInLimiter) counts in each instance's memory
// by design: once one instance answers 429 to this address, another still takes its sign-ins. The
// per-email throttle above is the one that counts across instances.
func perInstanceLimit(t *testing.T, c *cluster) {
	cl := &http.Client{Timeout: 15 * time.Second}
	a, b := c.nodes[2], c.nodes[0]
	limited := false
	for k := range 40 {
		st, _ := c.do(cl, a, "POST", "/api/v1/auth/login", "", "", map[string]string{"email": fmt.Sprintf("nobody-%d@example.org", k), "password": "not a password"})
		if st == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatalf("instance %d never limited 40 sign-ins from one address", a.i)
	}
	if st, body := c.do(cl, b, "POST", "/api/v1/auth/login", "", "", map[string]string{"email": "nobody@example.org", "password": "not a password"}); st != http.StatusUnauthorized {
		t.Fatalf("instance %d after instance %d limited this address: %d %s, want 401 (its own count)", b.i, a.i, st, body)
	}
}
