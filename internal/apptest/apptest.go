// Package apptest starts a whole Tend over a test database, behind a real HTTP server, with a clock the
// test controls. API, page and browser tests use it.
package apptest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"tend/internal/password"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"tend/internal/account"
	"tend/internal/app"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/store"
)

// Clock is a settable clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Harness is a running Tend.
type Harness struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	Clock  *Clock
	DB     *db.DB
}

// testPasswords is the cost of password hashes in tests: argon2id with 64 KiB and one pass.
var testPasswords = password.Hasher{MemoryKiB: 64, Passes: 1}

// StrongPassword is a password the policy accepts, for tests.
const StrongPassword = "correct horse battery staple"

// New starts Tend on d.
func New(t testing.TB, d *db.DB) *Harness {
	t.Helper()
	return NewConfigured(t, d, nil)
}

// NewConfigured starts Tend on d after edit has changed the test configuration (nil leaves it).
func NewConfigured(t testing.TB, d *db.DB, edit func(*config.Config)) *Harness {
	t.Helper()
	var out io.Writer = io.Discard
	if os.Getenv("TEND_TEST_LOG") != "" {
		out = os.Stderr // to see why a request failed
	}
	return NewLogged(t, d, out, edit)
}

// NewLogged is NewConfigured with the app's log, at debug level, written to out: tests that prove what
// never reaches a log line read it (issue 14, the psychotherapy-note canary). out must be safe for
// concurrent writes.
func NewLogged(t testing.TB, d *db.DB, out io.Writer, edit func(*config.Config)) *Harness {
	t.Helper()
	clock := &Clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := config.Config{Addr: "127.0.0.1:0", BaseURL: "http://127.0.0.1", SecretKey: strings.Repeat("5e", 32), DataDir: t.TempDir(),
		MailFrom: "Harbor Counseling <noreply@harbor.example>", JobPoll: 10 * time.Millisecond,
		MailWorkers: 1}
	if edit != nil {
		edit(&cfg)
	}
	a, err := app.Build(cfg, d, log, clock.Now)
	if err != nil {
		t.Fatalf("apptest: build: %v", err)
	}
	// The floor that hides whether an email has an account only slows tests down; the tests that prove it
	// set it back.
	a.Accounts.ResetFloor, a.Portal.ResetFloor = 0, 0
	// Passwords are hashed at a tiny cost: at the real one (7 MiB and 5 passes each) hashing was most of the suite's CPU.
	// internal/password's own tests keep the real cost.
	a.Accounts.Passwords, a.Portal.Passwords = testPasswords, testPasswords
	// Every test client signs in from 127.0.0.1; the per-network limit has its own tests.
	a.SignInLimit.Burst = 1 << 30
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("apptest: closing the app: %v", err)
		}
	})
	t.Cleanup(srv.Close)
	return &Harness{T: t, App: a, Server: srv, Clock: clock, DB: d}
}

// As is the principal of a staff member as their sign-in would make it: their own practice and role.
func As(st model.Staff) model.Principal {
	return model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, Name: st.Name, Email: st.Email}
}

// Setup runs first-run setup with a practice "Harbor Counseling" and owner owner@example.org.
func (h *Harness) Setup() (model.Practice, model.Staff) {
	h.T.Helper()
	pr, owner, err := h.App.Accounts.Setup(context.Background(), account.PracticeInput{
		PracticeName: "Harbor Counseling", TimeZone: "America/Chicago", OwnerName: "Olivia Owner",
		OwnerEmail: "owner@example.org", Password: StrongPassword,
	}, "127.0.0.1")
	if err != nil {
		h.T.Fatalf("apptest: setup: %v", err)
	}
	return pr, owner
}

// AddPractice adds another practice whose owner has the given email.
func (h *Harness) AddPractice(name, ownerEmail string) (model.Practice, model.Staff) {
	h.T.Helper()
	pr, owner, err := h.App.Accounts.AddPractice(context.Background(), account.PracticeInput{
		PracticeName: name, TimeZone: "Europe/London", OwnerName: "Other Owner", OwnerEmail: ownerEmail, Password: StrongPassword,
	})
	if err != nil {
		h.T.Fatalf("apptest: add practice: %v", err)
	}
	return pr, owner
}

// AddStaff adds a staff member with StrongPassword (as a temporary password) to owner's practice.
func (h *Harness) AddStaff(owner model.Staff, name, email string, role model.Role) model.Staff {
	h.T.Helper()
	st, err := h.App.Accounts.AddStaff(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner},
		model.StaffInput{Name: name, Email: email, Role: role, Password: StrongPassword})
	if err != nil {
		h.T.Fatalf("apptest: add staff: %v", err)
	}
	return st
}

// EnrolTwoStep turns on two-step sign-in for st through the use cases, with a code made at the test
// clock's time, and returns the authenticator secret and the recovery codes. The code it used counts as
// used: advance the clock by 30 s before signing in with a new one.
func (h *Harness) EnrolTwoStep(st model.Staff) (string, []string) {
	h.T.Helper()
	setup, err := h.App.Accounts.StartTwoStep(context.Background(), As(st))
	if err != nil {
		h.T.Fatalf("apptest: start two-step: %v", err)
	}
	codes, err := h.App.Accounts.ConfirmTwoStep(context.Background(), As(st), h.Code(setup.Secret))
	if err != nil {
		h.T.Fatalf("apptest: confirm two-step: %v", err)
	}
	return setup.Secret, codes
}

// Code is the authenticator app's code for secret at the test clock's time.
func (h *Harness) Code(secret string) string {
	h.T.Helper()
	c, err := totp.GenerateCode(secret, h.Clock.Now())
	if err != nil {
		h.T.Fatalf("apptest: code: %v", err)
	}
	return c
}

// SMTP starts a real SMTP server for the test and sends the app's mail through it.
func (h *Harness) SMTP(t testing.TB) *mailtest.Server {
	t.Helper()
	srv := mailtest.Start(t, true)
	smtp, err := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
	if err != nil {
		t.Fatalf("apptest: smtp: %v", err)
	}
	smtp.TLS = &tls.Config{RootCAs: srv.Pool}
	h.App.Outbox.Sender = smtp
	return srv
}

// RunJobs runs every job that is due now (sending queued mail), as the background worker would.
func (h *Harness) RunJobs() {
	h.App.Jobs.RunDue(context.Background())
}

// Client is an HTTP client with its own cookie jar that does not follow redirects.
type Client struct {
	h      *Harness
	HTTP   *http.Client
	Bearer string
}

// Client returns a new client, like a fresh browser.
func (h *Harness) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{h: h, HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Cookie returns the value of one of the client's cookies for the server, or "".
func (c *Client) Cookie(name string) string {
	u, err := url.Parse(c.h.Server.URL)
	if err != nil {
		return ""
	}
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// Response is a finished request with its body read.
type Response struct {
	*http.Response
	Body []byte
}

// JSON decodes the body into v, failing the test when it is not JSON.
func (r Response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// Do sends a request with a raw body and content type.
func (c *Client) Do(method, path, contentType string, body io.Reader) Response {
	c.h.T.Helper()
	req, err := http.NewRequest(method, c.h.Server.URL+path, body)
	if err != nil {
		c.h.T.Fatalf("request: %v", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.h.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.h.T.Fatalf("reading %s %s: %v", method, path, err)
	}
	return Response{resp, b}
}

// API sends v as JSON (nil for no body).
func (c *Client) API(method, path string, v any) Response {
	c.h.T.Helper()
	if v == nil {
		return c.Do(method, path, "", nil)
	}
	b, err := json.Marshal(v)
	if err != nil {
		c.h.T.Fatalf("encoding: %v", err)
	}
	return c.Do(method, path, "application/json", bytes.NewReader(b))
}

// Get fetches a page.
func (c *Client) Get(path string) Response {
	c.h.T.Helper()
	return c.Do("GET", path, "", nil)
}

// Post submits a form.
func (c *Client) Post(path string, form url.Values) Response {
	c.h.T.Helper()
	return c.Do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Login signs in through the API and fails the test unless it works.
func (c *Client) Login(email, password string) {
	c.h.T.Helper()
	r := c.API("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	if r.StatusCode != http.StatusOK {
		c.h.T.Fatalf("login %s: status %d: %s", email, r.StatusCode, r.Body)
	}
}

// ErrorBody is the API's error envelope.
type ErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// Err decodes the error envelope.
func (r Response) Err(t *testing.T) ErrorBody {
	t.Helper()
	var e ErrorBody
	r.JSON(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an error envelope: %s", r.Body)
	}
	return e
}

// PortalUser registers a portal account (email, name, password) with active access to chart c as the
// person personID ("" for the chart's own person) in role, holding perms (nil: the default features), and
// returns the access. It writes the rows directly, as a finished invitation would leave them.
func (h *Harness) PortalUser(c model.Client, personID, email, name, password string, role model.AccessRole, perms model.Features) model.PortalAccess {
	h.T.Helper()
	ctx := context.Background()
	hash, err := testPasswords.Hash(password)
	if err != nil {
		h.T.Fatalf("apptest: portal user: %v", err)
	}
	if personID == "" {
		personID = c.PersonID
	}
	if perms == nil {
		perms = model.DefaultFeatures()
	}
	now := h.Clock.Now()
	acct := model.PortalAccount{ID: id.New(), Email: email, Name: name, CreatedAt: now}
	a := model.PortalAccess{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: personID, Role: role, Permissions: perms,
		Email: email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
	err = h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
			return err
		}
		return store.InsertPortalAccess(ctx, q, a)
	})
	if err != nil {
		h.T.Fatalf("apptest: portal user: %v", err)
	}
	return a
}

// SeedBusyYear fills owner's practice for the calendar benchmarks: 20 clinicians, 200 clients, and a
// year of appointments around the week of Monday 6 April 2026 (America/Chicago), 1,000 a week: each
// clinician 50, ten a weekday from 8:00. It returns that Monday.
func (h *Harness) SeedBusyYear(owner model.Staff) time.Time {
	h.T.Helper()
	ctx := context.Background()
	p := As(owner)
	var clinicians []model.Staff
	for i := range 20 {
		clinicians = append(clinicians, h.AddStaff(owner, fmt.Sprintf("Clinician %d", i), fmt.Sprintf("c%d@example.org", i), model.RoleClinician))
	}
	var charts []model.Client
	for i := range 200 {
		first, last := "Client", fmt.Sprint("N", i)
		c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &clinicians[i%20].ID})
		if err != nil {
			h.T.Fatal(err)
		}
		charts = append(charts, c)
	}
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		h.T.Fatal(err)
	}
	monday := time.Date(2026, 4, 6, 0, 0, 0, 0, loc)
	err = h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		for wk := -26; wk < 26; wk++ {
			for ci, cl := range clinicians {
				for n := range 50 {
					day, slot := n/10, n%10
					start := time.Date(monday.Year(), monday.Month(), monday.Day()+7*wk+day, 8+slot, 0, 0, 0, loc).UTC()
					a := model.Appointment{ID: id.New(), PracticeID: owner.PracticeID, ChartID: charts[(ci+20*(n%10))%200].ID, ClinicianID: cl.ID,
						StartsAt: start, DurationMinutes: 50, LocationKind: model.LocationOffice, Status: model.AppointmentScheduled,
						CreatedBy: owner.ID, CreatedAt: start, UpdatedAt: start}
					if err := store.InsertAppointment(ctx, q, a); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		h.T.Fatal(err)
	}
	if err := h.DB.Optimize(ctx); err != nil {
		h.T.Fatal(err)
	}
	return monday
}
