// Package e2e drives real Chromium through Tend's critical flows. Without Chromium the tests skip with a
// message, unless TEND_E2E=1 (as in CI), when they fail instead.
package e2e

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// browser returns a chromedp context on a fresh headless Chromium, or skips the test when there is none.
// axe-core checks every page it opens for WCAG 2.2 A and AA; the test fails at its end on any violation.
func browser(t *testing.T) context.Context {
	t.Helper()
	ctx, _ := browserWithAxe(t, 150*time.Second) // axe-core checks each page, on a machine the whole suite shares
	return ctx
}

// browserWithAxe is browser with a time limit of its own for the whole test, that also returns the
// accessibility checker (nil when axe-core is missing and that is allowed).
func browserWithAxe(t *testing.T, limit time.Duration) (context.Context, *axeChecker) {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("TEND_E2E") == "1" || os.Getenv("CI") == "true" {
			t.Fatal("TEND_E2E=1 or CI=true, but no Chromium was found: install Debian's chromium package")
		}
		t.Skip("browser tests skipped: Chromium is not installed (apt-get install chromium), or set TEND_E2E=1 to make this a failure")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	src := axeSource(t)
	if src == "" {
		return ctx, nil
	}
	ctx, a := withAxe(t, ctx, src)
	t.Cleanup(func() { // before the browser closes: the last page's state is checked too
		if !t.Failed() {
			checkAxe(t, ctx)
		}
		a.report(t)
	})
	return ctx, a
}

// run runs the steps, and on failure reports where the browser was and what the page said.
func run(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("%s: %v\nat %s\npage text:\n%s", step, err, loc, body)
	}
	checkAxe(t, ctx)
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get(t, ctx, "reading "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func mustContain(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("%s: %q does not contain %q", what, got, want)
	}
}

// The main path of the foundation: first-run setup, sign out, sign in, add a colleague, sign out.
func TestSetupLoginAddStaffLogout(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx := browser(t)
	base := h.Server.URL

	run(t, ctx, "opening the app leads to setup",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#f-practice_name`)),
	)
	loc := get(t, ctx, "location", chromedp.Location())
	if !strings.HasSuffix(loc, "/setup") {
		t.Fatalf("the first page is %s, want /setup", loc)
	}
	run(t, ctx, "filling in setup",
		chromedp.SendKeys(chromedp.CSS(`#f-practice_name`), "Harbor Counseling"),
		chromedp.SetValue(chromedp.CSS(`#f-time_zone`), "America/Chicago"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Olivia Owner"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "owner@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)
	mustContain(t, "top bar", textOf(t, ctx, ".topbar"), "Harbor Counseling")
	mustContain(t, "home heading", textOf(t, ctx, "main h1"), "Olivia Owner")

	signOut := func() {
		run(t, ctx, "signing out",
			chromedp.Click(chromedp.CSS(`.usermenu summary`)),
			chromedp.WaitVisible(chromedp.CSS(`.usermenu .menu-button`)),
			chromedp.Click(chromedp.CSS(`.usermenu .menu-button`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] #f-email`)),
		)
		mustContain(t, "after sign-out", textOf(t, ctx, ".flash"), "You are signed out.")
	}
	signOut()

	run(t, ctx, "signing in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "Owner@Example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)

	run(t, ctx, "opening Settings → Staff",
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[contains(., "Settings")]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[text()="Staff"]`)),
		chromedp.Click(chromedp.Search(`//a[text()="Staff"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-name`)),
	)
	run(t, ctx, "adding a staff member with a bad email first",
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Cal Clinician"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "cal-at-example.org"),
		chromedp.SetValue(chromedp.CSS(`#f-role`), "supervisor"),
		chromedp.Click(chromedp.CSS(`input[name="signin"][value="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-password`)),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form[action="/settings/staff"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-email-error`)),
	)
	mustContain(t, "email message", textOf(t, ctx, "#f-email-error"), "Enter an email address like")
	name := get(t, ctx, "name value", chromedp.Value(chromedp.CSS(`#f-name`)))
	role := get(t, ctx, "role value", chromedp.Value(chromedp.CSS(`#f-role`)))
	if name != "Cal Clinician" || role != "supervisor" {
		t.Fatalf("after a refusal the form holds name %q role %q", name, role)
	}
	run(t, ctx, "correcting the email",
		chromedp.SetValue(chromedp.CSS(`#f-email`), "cal@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form[action="/settings/staff"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	mustContain(t, "notice", textOf(t, ctx, ".flash"), "Added a staff member as Supervisor")
	mustContain(t, "staff table", textOf(t, ctx, "table"), "cal@example.org")
	signOut()

	// The new colleague signs in with the temporary password and must choose their own.
	run(t, ctx, "the colleague signs in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "cal@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-current_password`)),
	)
	mustContain(t, "temporary password notice", textOf(t, ctx, "main"), "temporary")
}

// TR-2: a failed sign-in shows its message and keeps the email.
func TestFailedLoginShowsMessage(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup()
	ctx := browser(t)
	run(t, ctx, "a wrong password",
		chromedp.Navigate(h.Server.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "owner@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "not my password at all"),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert`)),
	)
	mustContain(t, "message", textOf(t, ctx, ".alert"), "The email or password is incorrect.")
	email := get(t, ctx, "email value", chromedp.Value(chromedp.CSS(`#f-email`)))
	pw := get(t, ctx, "password value", chromedp.Value(chromedp.CSS(`#f-password`)))
	if email != "owner@example.org" || pw != "" {
		t.Fatalf("after a failed login the email is %q and the password field %q; want the email kept and the password empty", email, pw)
	}
}

// The app shell fits a 375 px wide phone without sideways scrolling, and every input has a label.
func TestNarrowScreenAndLabels(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	pr, owner := h.Setup()
	ctx := browser(t)
	run(t, ctx, "sign in",
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(h.Server.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "owner@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar`)),
	)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role},
		model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	days := 30 // the tokens page then shows its table, with the expiry column
	if _, _, err := h.App.Accounts.CreateTokenWith(context.Background(), apptest.As(owner), model.TokenInput{Name: "reports", ExpiresInDays: &days}); err != nil {
		t.Fatal(err)
	}
	on := true
	if _, err := h.App.Accounts.ChangePracticeSettings(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role},
		model.PracticeSettingsChange{SelfRegistration: &on}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/login/forgot", "/clients/new?kind=minor", "/clients/new?kind=group", "/settings", "/settings/staff",
		"/settings/practice", "/settings/tokens", "/settings/audit", "/settings/mail", "/settings/password", "/clients/" + c.ID + "?tab=portal",
		"/portal/login", "/portal/forgot", "/portal/join/" + pr.Slug, "/documents", "/documents/new", "/clients/" + c.ID + "/documents"} {
		checkNarrow(t, ctx, h.Server.URL, path)
	}
}

// checkNarrow opens a page at the current (phone) width and fails the test if it scrolls sideways or has
// an input without a label.
func checkNarrow(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	run(t, ctx, "opening "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	overflow := get(t, ctx, "measuring "+path, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	unlabelled := get(t, ctx, "labels on "+path, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('input:not([type=hidden]):not([hidden]), select, textarea'))
		.filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name || el.id)`))
	if overflow {
		wide := get(t, ctx, "finding what is too wide", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
			.filter(el => el.getBoundingClientRect().right > window.innerWidth + 1).slice(-3)
			.map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))`))
		t.Errorf("%s scrolls sideways at 375 px; too wide: %v", path, wide)
		screenshot(t, ctx, "too-wide")
	}
	if len(unlabelled) > 0 {
		t.Errorf("%s has inputs without labels: %v", path, unlabelled)
	}
}
