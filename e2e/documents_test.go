package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/model"
)

// Issue 6, item 8 (DC-2, DC-4, DC-5, PT-9): staff tick the consent in Manage documentation and send the
// notification; the client follows the emailed link, signs in, finds it under "to do now", fills it in,
// signs with their typed name and downloads a real PDF; staff then see it signed.
func TestDocumentFromNotificationToSignedPDF(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	ctx0 := context.Background()
	p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(ctx0, p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clients.Invite(ctx0, p, c.ID, clients.InviteInput{Features: []string{"documents"}}); err != nil {
		t.Fatal(err)
	}
	h.RunJobs()
	token := regexp.MustCompile(`/portal/register\?t=([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, 0))[1]
	if _, err := h.App.Portal.Register(ctx0, token, apptest.StrongPassword, "127.0.0.1", ""); err != nil {
		t.Fatal(err)
	}
	ts, err := h.App.Documents.Templates(ctx0, p, false)
	if err != nil {
		t.Fatal(err)
	}
	var consent string
	for _, tp := range ts {
		if tp.BuiltinKey == "consent" {
			consent = tp.ID
		}
	}

	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "Manage documentation",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID+"?tab=portal"),
		chromedp.Click(chromedp.Search(`//a[contains(., "Manage documentation")]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[value="`+consent+`"]`)),
		chromedp.Click(chromedp.CSS(`input[value="`+consent+`"]`)),
		chromedp.Click(chromedp.Search(`//button[.="Continue"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[contains(., "Save & send notification")]`)),
		chromedp.Click(chromedp.Search(`//button[contains(., "Save & send notification")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#documents table`)),
	)
	mustContain(t, "requests", textOf(t, ctx, "#documents"), "Consent to treatment")

	h.RunJobs()
	msg := srv.Text(t, len(srv.Messages())-1)
	m := regexp.MustCompile(`http://127\.0\.0\.1(/portal/login)`).FindStringSubmatch(msg)
	if m == nil || !strings.Contains(srv.Subject(t, len(srv.Messages())-1), "A document is waiting") {
		t.Fatalf("notification: %q", msg)
	}
	run(t, ctx, "sign in to the portal from the email",
		chromedp.Navigate(h.Server.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-todo`)),
		chromedp.Click(chromedp.Search(`//section[@aria-labelledby="h-todo"]//a[contains(., "Consent to treatment")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-full_name`)),
	)
	docURL := get(t, ctx, "address", chromedp.Location())
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, "", docURL)
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 1024))
	for _, q := range []string{"services", "confidentiality", "records"} {
		run(t, ctx, "answer "+q, chromedp.Click(chromedp.CSS(`input[name="a.`+q+`"][value="yes"]`)))
	}
	run(t, ctx, "sign",
		chromedp.SendKeys(chromedp.CSS(`#f-full_name`), "Ada Lovelace"),
		chromedp.Click(chromedp.CSS(`#f-confirm`)),
		chromedp.Click(chromedp.Search(`//button[.="Sign"]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Download PDF")]`)),
	)
	mustContain(t, "signed notice", textOf(t, ctx, ".flash"), "is signed")
	screenshot(t, ctx, "portal-signed")
	pdfHead := get(t, ctx, "download the PDF", chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/pdf"]').href)
		.then(r => r.headers.get('Content-Type') + ' ' + r.status + ' ').then(h => h)`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(pdfHead, "application/pdf 200") {
		t.Fatalf("PDF download: %q", pdfHead)
	}
	magic := get(t, ctx, "read the PDF", chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/pdf"]').href)
		.then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 5))))`, chromedp.EvalAwaitPromise))
	if magic != "%PDF-" {
		t.Fatalf("the download is not a PDF: %q", magic)
	}
	run(t, ctx, "staff see it signed",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID+"?tab=portal"),
		chromedp.WaitVisible(chromedp.CSS(`#documents table`)),
	)
	mustContain(t, "staff view", textOf(t, ctx, "#documents"), "Signed")
}
