package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

var portalLink = regexp.MustCompile(`http://127\.0\.0\.1(/portal/register\?t=[0-9a-f]+)`)

// Issue 5, item 10 (PT-2, PT-3, ST-2, PT-11): staff invite from the Portal tab; the link is read from
// the message a real SMTP server received; the client registers in the browser, lands on their portal
// with a link to "who opened my record", and the chart shows Active.
func TestPortalInvitationToRegistration(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role},
		model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "invite from the Portal tab",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID),
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Chart sections"]//a[.="Portal"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.portal-user summary`)),
		chromedp.Click(chromedp.CSS(`.portal-user summary`)),
		chromedp.Click(chromedp.Search(`//button[contains(., "Send invitation")]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	mustContain(t, "notice", textOf(t, ctx, ".flash"), "Invitation sent")
	mustContain(t, "status while invited", textOf(t, ctx, ".chart-head"), "Pending")
	screenshot(t, ctx, "portal-tab-invited")

	h.RunJobs()
	if len(srv.Messages()) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(srv.Messages()))
	}
	m := portalLink.FindStringSubmatch(srv.Text(t, 0))
	if m == nil {
		t.Fatalf("no link in %q", srv.Text(t, 0))
	}
	run(t, ctx, "register with a mismatched password first",
		chromedp.Navigate(h.Server.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS(`#f-password`)),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.SendKeys(chromedp.CSS(`#f-password_again`), "something else entirely"),
		chromedp.Click(chromedp.Search(`//button[contains(., "Create account")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-password_again-error`)),
	)
	run(t, ctx, "register",
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.SendKeys(chromedp.CSS(`#f-password_again`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[contains(., "Create account")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-todo`)),
	)
	mustContain(t, "portal banner", textOf(t, ctx, ".practice-banner"), "Harbor Counseling")
	mustContain(t, "who opened", textOf(t, ctx, ".portal-links"), "Who opened my record")
	screenshot(t, ctx, "portal-home")
	// The portal is mobile first: its signed-in pages fit a phone.
	home := get(t, ctx, "address", chromedp.Location())
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, "", home)
	checkNarrow(t, ctx, h.Server.URL, "/portal/account")
	screenshot(t, ctx, "portal-account-phone")
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 1024))

	run(t, ctx, "a used link says what to do",
		chromedp.Navigate(h.Server.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS(`.alert`)),
	)
	mustContain(t, "used link", textOf(t, ctx, ".alert"), "already used")
	run(t, ctx, "the chart is Active",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID+"?tab=portal"),
		chromedp.WaitVisible(chromedp.CSS(`.chart-head`)),
	)
	mustContain(t, "status after registration", textOf(t, ctx, ".chart-head"), "Active")
	mustContain(t, "portal tab", textOf(t, ctx, ".portal-user"), "Active")
}
