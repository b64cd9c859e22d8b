package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/demo"
	"tend/internal/model"
)

func signIn(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	run(t, ctx, "signing in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "owner@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)
}

// newClient fills the new-client form that is open and waits for the chart.
func newClient(t *testing.T, ctx context.Context, first, last, email string) {
	t.Helper()
	run(t, ctx, "creating "+first,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/clients/new"] #f-first_name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-first_name`), first),
		chromedp.SendKeys(chromedp.CSS(`#f-last_name`), last),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.Click(chromedp.CSS(`form[action="/clients/new"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart-head h1`)),
	)
	mustContain(t, "chart heading", textOf(t, ctx, ".chart-head h1"), first+" "+last)
}

// CL-1, CL-2, CL-3: from the sidebar and from the list; a duplicate email keeps what was typed.
func TestCreateClients(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup()
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "sidebar New client", chromedp.Click(chromedp.CSS(`.sidebar .new-client`)))
	newClient(t, ctx, "Ana", "Lima", "ana@example.org")
	run(t, ctx, "list Add",
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[normalize-space()="Clients"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#client-results`)),
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Add client"]`)),
	)
	newClient(t, ctx, "Ben", "Okafor", "ben@example.org")
	run(t, ctx, "a duplicate email",
		chromedp.Click(chromedp.CSS(`.sidebar .new-client`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/clients/new"] #f-first_name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-first_name`), "Anabel"),
		chromedp.SendKeys(chromedp.CSS(`#f-last_name`), "Lima"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "ANA@example.org "),
		chromedp.Click(chromedp.CSS(`form[action="/clients/new"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-email-error`)),
	)
	mustContain(t, "email message", textOf(t, ctx, "#f-email-error"), "already has this email")
	if v := get(t, ctx, "first name kept", chromedp.Value(chromedp.CSS(`#f-first_name`))); v != "Anabel" {
		t.Fatalf("first name after refusal = %q", v)
	}
	if v := get(t, ctx, "email kept", chromedp.Value(chromedp.CSS(`#f-email`))); v != "ANA@example.org " && v != "ANA@example.org" {
		t.Fatalf("email after refusal = %q", v)
	}
}

// LS-2, LS-5, ST-3: search by part of a phone number as you type; archive and restore; bulk delete
// with the count typed.
func TestSearchArchiveBulkDelete(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup()
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	for _, c := range []struct{ first, last, phone string }{{"Ana", "Lima", "+1 (555) 010-0199"}, {"Ben", "Okafor", "555 777 1234"}, {"Cy", "Clark", ""}} {
		run(t, ctx, "new client", chromedp.Navigate(h.Server.URL+"/clients/new"))
		newClient(t, ctx, c.first, c.last, "")
		if c.phone != "" {
			run(t, ctx, "adding a phone",
				chromedp.Click(chromedp.Search(`//nav[@aria-label="Chart sections"]//a[.="Details"]`)), // CL-10: the chart opens on Overview
				chromedp.WaitVisible(chromedp.CSS(`#contact .section-head a`)),
				chromedp.Click(chromedp.CSS(`#contact .section-head a`)),
				chromedp.WaitVisible(chromedp.CSS(`#f-phone`)),
				chromedp.SendKeys(chromedp.CSS(`#f-phone`), c.phone),
				chromedp.Click(chromedp.CSS(`#contact button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.flash`)),
			)
		}
	}
	run(t, ctx, "typing part of a phone number",
		chromedp.Navigate(h.Server.URL+"/clients"),
		chromedp.WaitVisible(chromedp.CSS(`#f-q`)),
		chromedp.SendKeys(chromedp.CSS(`#f-q`), "010-01"),
		chromedp.WaitVisible(chromedp.Search(`//p[@role="status" and contains(., "1 client matching")]`)),
	)
	results := textOf(t, ctx, "#client-results")
	if !strings.Contains(results, "Ana Lima") || strings.Contains(results, "Ben Okafor") {
		t.Fatalf("live search results: %q", results)
	}
	loc := get(t, ctx, "url", chromedp.Location())
	if !strings.Contains(loc, "q=010-01") {
		t.Fatalf("the address does not hold the search: %s", loc)
	}

	run(t, ctx, "archive Ana",
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Ana Lima"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart-actions`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Archive"]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@class="flash" and contains(., "archived")]`)),
	)
	mustContain(t, "status", textOf(t, ctx, ".chart-head"), "Archived")
	run(t, ctx, "restore Ana",
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Restore"]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@class="flash" and contains(., "restored")]`)),
	)
	mustContain(t, "status", textOf(t, ctx, ".chart-head"), "Active")

	run(t, ctx, "bulk delete two clients",
		chromedp.Navigate(h.Server.URL+"/clients"),
		chromedp.WaitVisible(chromedp.CSS(`#client-results table`)),
		chromedp.Click(chromedp.Search(`//tr[.//a[normalize-space()="Ben Okafor"]]//input[@type="checkbox"]`)),
		chromedp.Click(chromedp.Search(`//tr[.//a[normalize-space()="Cy Clark"]]//input[@type="checkbox"]`)),
		chromedp.SetValue(chromedp.CSS(`#f-bulk-action`), "delete"),
		chromedp.Click(chromedp.CSS(`#bulk button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-confirm`)),
	)
	mustContain(t, "confirmation", textOf(t, ctx, "main h1"), "Delete 2 clients")
	run(t, ctx, "a wrong count is refused",
		chromedp.SendKeys(chromedp.CSS(`#f-confirm`), "3"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-confirm-error`)),
	)
	run(t, ctx, "the right count deletes",
		chromedp.SetValue(chromedp.CSS(`#f-confirm`), "2"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@class="flash" and contains(., "2 clients deleted")]`)),
	)
	remaining := textOf(t, ctx, "#client-results")
	if !strings.Contains(remaining, "Ana Lima") || strings.Contains(remaining, "Okafor") || strings.Contains(remaining, "Clark") {
		t.Fatalf("after bulk delete: %q", remaining)
	}
}

// After typing a search, the bulk action applies to what the list now shows, not to the list as it
// was when the page loaded.
func TestBulkAfterLiveSearch(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	p := apptest.As(owner)
	for i := range 30 {
		first, last := fmt.Sprintf("Person%02d", i), "Filler"
		if i == 7 {
			first, last = "Ana", "Lima"
		}
		if _, err := h.App.Clients.Create(t.Context(), p, model.ClientChange{FirstName: &first, LastName: &last}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "the list offers all 30",
		chromedp.Navigate(h.Server.URL+"/clients"),
		chromedp.WaitVisible(chromedp.Search(`//label[contains(., "Select all 30 matching")]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-q`), "lima"),
		chromedp.WaitVisible(chromedp.Search(`//p[@role="status" and contains(., "1 client matching")]`)),
		chromedp.WaitNotPresent(chromedp.Search(`//label[contains(., "Select all 30 matching")]`)),
		chromedp.Click(chromedp.Search(`//tr[.//a[normalize-space()="Ana Lima"]]//input[@type="checkbox"]`)),
		chromedp.SetValue(chromedp.CSS(`#f-bulk-action`), "archive"),
		chromedp.Click(chromedp.CSS(`#bulk button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@class="flash" and contains(., "1 client archived")]`)),
	)
	all, err := h.App.Clients.List(t.Context(), p, clients.ListQuery{Statuses: []model.Status{model.StatusArchived}})
	if err != nil || all.Total != 1 || all.Clients[0].LastName != "Lima" {
		t.Fatalf("archived after the live search: %+v, %v", all.Total, err)
	}
}

// Issue 11, item 5: a bulk action on more charts than one request changes runs in the background; the
// list sends the person to a progress page that refreshes itself until the action is done, and the
// rest of Tend keeps answering meanwhile.
// Proves LS-5.
func TestLargeBulkShowsProgress(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	if err := demo.Clients(t.Context(), h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID}, 300,
		rand.New(rand.NewPCG(1, 2)), time.Now()); err != nil {
		t.Fatal(err)
	}
	p := apptest.As(owner)
	before, err := h.App.Clients.List(t.Context(), p, clients.ListQuery{Statuses: []model.Status{model.StatusActive, model.StatusPending}})
	if err != nil || before.Total <= 250 {
		t.Fatalf("%d active or pending clients (%v), want over 250 to need the background", before.Total, err)
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "archiving every active and pending client",
		chromedp.Navigate(h.Server.URL+"/clients"),
		chromedp.Click(chromedp.Search(`//label[contains(., "Select all") and contains(., "matching")]/input`)),
		chromedp.SetValue(chromedp.CSS(`#f-bulk-action`), "archive"),
		chromedp.Click(chromedp.CSS(`#bulk button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`progress`)),
	)
	loc := get(t, ctx, "progress page address", chromedp.Location())
	if !strings.Contains(loc, "/bulk-actions/") {
		t.Fatalf("the list sent the person to %s, want a progress page", loc)
	}
	mustContain(t, "progress heading", textOf(t, ctx, "main h1"), fmt.Sprint(before.Total, " clients being archived"))
	// A mark on the page as it is: a reload would lose it (issue 13, item 20: no meta refresh).
	run(t, ctx, "marking the page", chromedp.Evaluate[chromedp.Void](`window.tendSamePage = true`))
	h.RunJobs() // the background worker
	run(t, ctx, "the page updates itself to done",
		chromedp.WaitVisible(chromedp.Search(`//div[@id="progress" and @role="status"]/p[starts-with(normalize-space(), "Done:")]`)),
	)
	mustContain(t, "done heading", textOf(t, ctx, "main h1"), fmt.Sprint(before.Total, " clients archived"))
	if !get(t, ctx, "the mark", chromedp.Evaluate[bool](`window.tendSamePage === true`)) {
		t.Fatal("the progress page reloaded itself; want its status region updated in place")
	}
	after, err := h.App.Clients.List(t.Context(), p, clients.ListQuery{Statuses: []model.Status{model.StatusArchived}})
	if err != nil || after.Total < before.Total {
		t.Fatalf("%d archived (%v), want at least %d", after.Total, err, before.Total)
	}
}
