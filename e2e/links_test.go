package e2e

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// css selects by id when the id holds dots, as the rows of contacts and members do.
func byID(id string) chromedp.CSS { return chromedp.CSS(`[id="` + id + `"]`) }

// screenshot saves the page when TEND_E2E_SHOTS names a folder, for looking at a change by eye.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("TEND_E2E_SHOTS")
	if dir == "" {
		return
	}
	png := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(dir+"/"+name+".png", png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// MN-1, MN-2: a minor is refused without a parent or guardian, then created with a new one.
func TestMinorWithGuardian(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup()
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "open the Minor form",
		chromedp.Click(chromedp.CSS(`.sidebar .new-client`)),
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Kind of chart"]//a[contains(., "Minor")]`)),
		chromedp.WaitVisible(byID("f-contacts.0.first_name")),
		chromedp.SendKeys(chromedp.CSS(`#f-first_name`), "Mia"),
		chromedp.SendKeys(chromedp.CSS(`#f-last_name`), "Reyes"),
		chromedp.Click(chromedp.CSS(`form[action="/clients/new"] button.primary`)),
		chromedp.WaitVisible(byID("f-contacts.0.first_name-error")),
	)
	mustContain(t, "guardian message", textOf(t, ctx, `[id="f-contacts.0.first_name-error"]`), "first name")
	if v := get(t, ctx, "name kept", chromedp.Value(chromedp.CSS(`#f-first_name`))); v != "Mia" {
		t.Fatalf("first name after refusal = %q", v)
	}
	screenshot(t, ctx, "minor-refused")
	run(t, ctx, "add the guardian",
		chromedp.SendKeys(byID("f-contacts.0.first_name"), "Rosa"),
		chromedp.SendKeys(byID("f-contacts.0.last_name"), "Reyes"),
		chromedp.SendKeys(byID("f-contacts.0.phone"), "555 010 4477"),
		chromedp.SetValue(byID("f-contacts.0.relationship"), "legal_guardian"),
		chromedp.Click(chromedp.CSS(`form[action="/clients/new"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart-head h1`)),
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Chart sections"]//a[.="Details"]`)), // CL-10: the chart opens on Overview
		chromedp.WaitVisible(chromedp.CSS(`#contacts`)),
	)
	mustContain(t, "chart heading", textOf(t, ctx, ".chart-head"), "Minor")
	contacts := textOf(t, ctx, "#contacts")
	mustContain(t, "contacts panel", contacts, "Rosa Reyes")
	mustContain(t, "contacts panel", contacts, "Legal guardian")
	screenshot(t, ctx, "minor-chart")
}

// GR-1…GR-3, CT-3: a family chart with one existing and one new member; the delete confirmation of
// the existing member names the family chart.
func TestFamilyChart(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	first, last := "Ana", "Lima"
	if _, err := h.App.Clients.Create(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role},
		model.ClientChange{FirstName: &first, LastName: &last}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "open the family form",
		chromedp.Navigate(h.Server.URL+"/clients/new"),
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Kind of chart"]//a[contains(., "Couple")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Lima family"),
		chromedp.Click(chromedp.CSS(`input[name="members.0.mode"][value="existing"]`)),
		chromedp.WaitVisible(byID("f-members.0.find")),
		// Matches appear as the name is typed (people.js); the Find button is the no-script way.
		chromedp.SendKeys(byID("f-members.0.find"), "lima"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="members.0.client_id"]`)),
		chromedp.Click(chromedp.CSS(`input[name="members.0.client_id"]`)),
		chromedp.SendKeys(byID("f-members.1.first_name"), "Bruno"),
		chromedp.SendKeys(byID("f-members.1.last_name"), "Lima"),
		chromedp.Click(chromedp.CSS(`input[name="identified_patient"][value="1"]`)),
	)
	screenshot(t, ctx, "family-form")
	run(t, ctx, "create the family chart",
		chromedp.Click(chromedp.CSS(`form[action="/clients/new"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-members`)),
	)
	members := textOf(t, ctx, "main")
	for _, want := range []string{"Lima family", "Ana Lima", "Bruno Lima", "Identified patient", "Billing contact"} {
		mustContain(t, "members tab", members, want)
	}
	screenshot(t, ctx, "family-chart")
	run(t, ctx, "open Ana from the family",
		chromedp.Click(chromedp.Search(`//div[@class="member-card"]//a[normalize-space()="Ana Lima"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="ov-who"]`)),
	)
	mustContain(t, "her overview names the family chart", textOf(t, ctx, `section[aria-labelledby="ov-who"]`), "Lima family")
	run(t, ctx, "ask to delete her",
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.linked-charts`)),
	)
	mustContain(t, "delete confirmation", textOf(t, ctx, ".linked-charts"), "Lima family")
	screenshot(t, ctx, "delete-linked")
}
