package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/documents"
	"tend/internal/model"
)

// Issue 13, items 12, 13, 14 and 9 (PT-9, PT-11, TR-1): a client answers the PHQ-9, finds it under
// "Completed" on the portal home, opens it and downloads its PDF; "Who opened my record" is a link on the
// home and reads by day and role on its own page; on a phone the account page is one tap from the top
// bar. Staff, on a phone, see every chart tab, and follow "Who opened this chart" to the log, by name.
func TestPortalCompletedAndWhoOpened(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	ctx0 := context.Background()
	o := apptest.As(owner)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(ctx0, o, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clients.Invite(ctx0, o, c.ID, clients.InviteInput{Features: []string{"documents"}}); err != nil {
		t.Fatal(err)
	}
	h.RunJobs()
	token := regexp.MustCompile(`/portal/register\?t=([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, 0))[1]
	if _, err := h.App.Portal.Register(ctx0, token, apptest.StrongPassword, "127.0.0.1", ""); err != nil {
		t.Fatal(err)
	}
	ts, err := h.App.Documents.Templates(ctx0, o, false)
	if err != nil {
		t.Fatal(err)
	}
	var phq string
	for _, tp := range ts {
		if tp.BuiltinKey == "phq9" {
			phq = tp.ID
		}
	}
	if _, err := h.App.Documents.ManageDocuments(ctx0, o, c.ID, documents.ManageInput{TemplateIDs: []string{phq}}); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	run(t, ctx, "sign in to the portal",
		chromedp.Navigate(h.Server.URL+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-done`)),
	)
	mustContain(t, "nothing completed yet", textOf(t, ctx, `section[aria-labelledby="h-done"]`), "Nothing completed yet")
	run(t, ctx, "answer the PHQ-9",
		chromedp.Click(chromedp.Search(`//section[@aria-labelledby="h-todo"]//a[contains(., "PHQ-9")]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="a.item1"]`)),
	)
	for i := 1; i <= 9; i++ {
		run(t, ctx, "answer", chromedp.Click(chromedp.CSS(`input[name="a.item`+string(rune('0'+i))+`"][value="Not at all"]`)))
	}
	run(t, ctx, "submit and go home",
		chromedp.Click(chromedp.Search(`//button[.="Submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		chromedp.Click(chromedp.Search(`//main//a[starts-with(., "←")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-done`)),
	)
	done := textOf(t, ctx, `section[aria-labelledby="h-done"]`)
	mustContain(t, "completed list", done, "PHQ-9")
	mustContain(t, "completed list", done, "Download PDF")
	if todo := textOf(t, ctx, `section[aria-labelledby="h-todo"]`); strings.Contains(todo, "PHQ-9") {
		t.Fatalf("the finished PHQ-9 is still under To do now: %q", todo)
	}
	screenshot(t, ctx, "portal-home-completed")
	pdf := get(t, ctx, "download the PDF from the list", chromedp.Evaluate[string](`fetch(document.querySelector('section[aria-labelledby="h-done"] a.doc-pdf').href)
		.then(r => r.arrayBuffer().then(b => r.headers.get('Content-Type') + ' ' + String.fromCharCode(...new Uint8Array(b.slice(0, 5)))))`, chromedp.EvalAwaitPromise))
	if pdf != "application/pdf %PDF-" {
		t.Fatalf("the PDF download: %q", pdf)
	}
	run(t, ctx, "open the finished document",
		chromedp.Click(chromedp.Search(`//section[@aria-labelledby="h-done"]//a[contains(., "PHQ-9")]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Download PDF")]`)),
		chromedp.NavigateBack(),
		chromedp.WaitVisible(chromedp.CSS(`#h-done`)),
	)
	home := get(t, ctx, "address", chromedp.Location())
	if n := get(t, ctx, "who opened is not on the home", chromedp.Evaluate[int](`document.querySelectorAll('#h-opened, main table').length`)); n != 0 {
		t.Fatal("the home still lists who opened the record")
	}
	run(t, ctx, "who opened my record",
		chromedp.Click(chromedp.Search(`//a[.="Who opened my record"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.opened-list`)),
	)
	mustContain(t, "who opened page", textOf(t, ctx, "main h1"), "Who opened my record")
	mustContain(t, "the setup line", textOf(t, ctx, ".opened-list"), "The practice set up your record on 03/02/2026")
	screenshot(t, ctx, "portal-who-opened")
	opened := get(t, ctx, "address", chromedp.Location())

	// On a phone: the pages fit, and the account is one tap from the top bar.
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, "", home)
	checkNarrow(t, ctx, "", opened)
	run(t, ctx, "the account from the top bar",
		chromedp.WaitVisible(chromedp.CSS(`.portal-bar a[href="/portal/account"]`)),
		chromedp.Click(chromedp.CSS(`.portal-bar a[href="/portal/account"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-new_password`)),
	)
	screenshot(t, ctx, "portal-account-phone")

	// Staff on a phone: every chart tab is on screen; "Who opened this chart" opens the log by name.
	signIn(t, ctx, h.Server.URL)
	checkNarrow(t, ctx, h.Server.URL, "/clients/"+c.ID)
	hidden := get(t, ctx, "chart tabs", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.tabs a'))
		.filter(a => { const r = a.getBoundingClientRect(); return r.right > window.innerWidth || r.left < 0 }).map(a => a.textContent)`))
	if len(hidden) > 0 {
		t.Fatalf("chart tabs off screen at 375 px: %v", hidden)
	}
	screenshot(t, ctx, "chart-tabs-phone")
	checkNarrow(t, ctx, h.Server.URL, "/settings/audit?chart="+c.ID)
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 1024))
	run(t, ctx, "who opened this chart",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID),
		chromedp.Click(chromedp.Search(`//a[.="Who opened this chart"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.audit`)),
	)
	mustContain(t, "audit heading", textOf(t, ctx, "main h1"), "Who opened Ada Lovelace's chart")
	log := textOf(t, ctx, "table.audit")
	mustContain(t, "actor by name", log, "Olivia Owner")
	mustContain(t, "action as words", log, "Created the chart")
	mustContain(t, "the client's own look", log, "Looked at who opened the record")
	screenshot(t, ctx, "audit-who-opened-chart")
}
