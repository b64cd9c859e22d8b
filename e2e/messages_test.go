package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 17, item 3 (MS-1, LS-4): in Chromium the client writes from the portal; staff see the unread
// badge on the client list and in the sidebar, open the conversation and reply; the client sees the
// reply's badge, opens the conversation, and a further reply appears without reloading (polling) while
// the badge on the chart is gone. The client's message carries a file, which staff see linked. axe-core checks every page on the way; no sideways scroll at 375 px.
// Proves MS-1, LS-4.
func TestMessagesInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	first, last := "Remy", "Lake"
	c, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	access := h.PortalUser(c, "", "remy@example.net", "Remy Lake", apptest.StrongPassword, model.AccessSelf, nil)
	logPath := filepath.Join(t.TempDir(), "mood-log.txt")
	if err := os.WriteFile(logPath, []byte("Mon 6/10, Tue 7/10, Wed 5/10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := h.Server.URL
	portalChart := "/portal/c/" + access.ID
	run(t, ctx, "the client writes from the portal",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), access.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#f-password`)),
		chromedp.Navigate(base+portalChart),
		chromedp.Click(chromedp.Search(`//a[starts-with(., "Messages with")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-body`)),
		chromedp.SendKeys(chromedp.CSS(`#f-body`), "Could we meet on Thursday instead? <b>not bold</b>"),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{logPath}),
		chromedp.Click(chromedp.Search(`//button[.="Send"]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class, "message")][contains(., "Thursday instead?")]//a[.="mood-log.txt"]`)),
	)
	if html := get(t, ctx, "the portal's message", chromedp.Evaluate[string](`document.querySelector('#messages').innerHTML`)); !strings.Contains(html, "&lt;b&gt;not bold&lt;/b&gt;") {
		t.Errorf("the message's HTML was not escaped: %s", html)
	}
	signIn(t, ctx, base)
	run(t, ctx, "staff see the unread badge on the client list and in the sidebar",
		chromedp.Navigate(base+"/clients"),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(@class, "badge")][starts-with(., "1 unread message")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#nav-unread`)),
	)
	run(t, ctx, "staff open the conversation from the inbox and reply",
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[starts-with(., "Messages")]`)),
		chromedp.WaitVisible(chromedp.CSS(`.inbox-row.unread`)),
		chromedp.Click(chromedp.Search(`//li[contains(@class, "inbox-row")]//a[contains(., "Remy Lake")]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class, "message")][contains(., "Thursday instead?")]//a[.="mood-log.txt"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-body`), "Thursday at 3 works. Details: https://example.org/directions"),
		chromedp.Click(chromedp.Search(`//button[.="Send"]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class, "message")]//a[@href="https://example.org/directions"][@rel="noopener noreferrer nofollow"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#nav-unread`)),
	)
	convPath := get(t, ctx, "the conversation's address", chromedp.Evaluate[string](`location.pathname`))
	run(t, ctx, "the client sees the badge and opens the conversation",
		chromedp.Navigate(base+portalChart),
		chromedp.WaitVisible(chromedp.Search(`//*[@id="portal-unread"][starts-with(., "1 unread")]`)),
		chromedp.Click(chromedp.Search(`//a[starts-with(., "Messages with")]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class, "message")][contains(., "Thursday at 3 works")]`)),
	)
	// A further reply, sent while the client's page stays open, appears without reloading.
	convID := convPath[len("/messages/"):]
	if _, err := h.App.Messages.Send(ctx0, apptest.As(owner), convID, "See you then.", nil); err != nil {
		t.Fatal(err)
	}
	get(t, ctx, "marking the page", chromedp.Evaluate[int](`window.tendMarker = 1`))
	run(t, ctx, "the reply appears by polling",
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class, "message")][contains(., "See you then.")]`)),
	)
	if marker := get(t, ctx, "no reload happened", chromedp.Evaluate[int](`window.tendMarker || 0`)); marker != 1 {
		t.Errorf("the page reloaded instead of polling")
	}
	run(t, ctx, "the badge is gone once the poll showed the reply",
		chromedp.Navigate(base+portalChart),
		chromedp.WaitVisible(chromedp.Search(`//a[starts-with(., "Messages with")]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#portal-unread`)),
	)
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		for _, p := range []string{"/messages", convPath, "/clients/" + c.ID + "?tab=messages", portalChart + "/messages", portalChart} {
			checkWidth(t, ctx, base, p, width)
		}
	}
}
