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

// Issue 13, items 8 and 11 (DC-4, DC-6, PT-9): a client answers a PHQ-9's item 9 above "Not at all" in the
// portal and sees the crisis resources at once, at desktop and phone width; the assigned clinician gets an
// email without clinical content; staff read each chosen option clearly, with its points and the total, and
// the chart's score chart with its one point.
func TestFlaggedPHQ9CrisisAndReadableAnswers(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	ctx0 := context.Background()
	p := apptest.As(owner)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(ctx0, p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email, AssignedClinicianID: &cal.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clients.Invite(ctx0, p, c.ID, clients.InviteInput{Features: []string{"documents"}}); err != nil {
		t.Fatal(err)
	}
	h.RunJobs()
	token := regexp.MustCompile(`/portal/register\?t=([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))[1]
	if _, err := h.App.Portal.Register(ctx0, token, apptest.StrongPassword, "127.0.0.1", ""); err != nil {
		t.Fatal(err)
	}
	ts, err := h.App.Documents.Templates(ctx0, p, false)
	if err != nil {
		t.Fatal(err)
	}
	var phq string
	for _, tp := range ts {
		if tp.BuiltinKey == "phq9" {
			phq = tp.ID
		}
	}
	reqs, err := h.App.Documents.ManageDocuments(ctx0, p, c.ID, documents.ManageInput{TemplateIDs: []string{phq}})
	if err != nil {
		t.Fatal(err)
	}
	doc := reqs[0].ID

	ctx := browser(t)
	run(t, ctx, "the client signs in to the portal and opens the PHQ-9",
		chromedp.Navigate(h.Server.URL+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/portal/d/`+doc+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/portal/d/`+doc+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="a.item9"]`)),
	)
	answers := []string{"Several days", "More than half the days", "Not at all", "Nearly every day", "Several days", "Not at all", "Not at all", "Several days", "Several days"}
	for i, a := range answers {
		run(t, ctx, "answering item "+string(rune('1'+i)), chromedp.Click(chromedp.CSS(`input[name="a.item`+string(rune('1'+i))+`"][value="`+a+`"]`)))
	}
	run(t, ctx, "submitting",
		chromedp.Click(chromedp.Search(`//button[.="Submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.crisis`)),
	)
	crisis := textOf(t, ctx, "section.crisis")
	mustContain(t, "crisis resources", crisis, "If you need help now")
	mustContain(t, "crisis resources", crisis, "988 Suicide & Crisis Lifeline")
	above := get(t, ctx, "is the crisis text above the document", chromedp.Evaluate[bool](
		`document.querySelector('section.crisis').getBoundingClientRect().top < document.querySelector('main h1').getBoundingClientRect().top`))
	if !above {
		t.Fatal("the crisis text is not the first thing on the page")
	}
	screenshot(t, ctx, "portal-crisis-1280")
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	if wide := get(t, ctx, "measuring", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Fatal("the crisis page scrolls sideways at 375 px")
	}
	screenshot(t, ctx, "portal-crisis-375")
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))

	// The assigned clinician is emailed at once, without clinical content.
	h.RunJobs()
	n := len(srv.Messages()) - 1
	if subject, text := srv.Subject(t, n), srv.Text(t, n); subject != "A questionnaire needs your attention" ||
		!strings.Contains(srv.Messages()[n], "cal@example.org") || strings.Contains(text, "PHQ") || strings.Contains(text, "Ada") {
		t.Fatalf("the alert: %q\n%s", subject, text)
	}

	// Staff read the answers: each chosen option stands out, with its points, and the total.
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "staff open the document",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID+"/documents/"+doc),
		chromedp.WaitVisible(chromedp.CSS(`.docanswers`)),
	)
	chosen := get(t, ctx, "the chosen options", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.answer-options li.chosen')).map(li => li.textContent.trim())`))
	if len(chosen) != 9 || !strings.Contains(chosen[3], "Nearly every day") {
		t.Fatalf("chosen options: %q", chosen)
	}
	look := get(t, ctx, "how a chosen option looks", chromedp.Evaluate[string](`(() => { const s = getComputedStyle(document.querySelector('.answer-options li.chosen'));
		return s.fontWeight + ' ' + s.backgroundColor + ' ' + s.borderTopColor; })()`))
	if !strings.HasPrefix(look, "650 ") || strings.Contains(look, "rgba(0, 0, 0, 0)") {
		t.Fatalf("a chosen option is not set apart: %s", look)
	}
	mustContain(t, "item 4's points", textOf(t, ctx, "#q-item4 .item-points"), "3 points")
	mustContain(t, "total", textOf(t, ctx, ".answers-total"), "Total 9 of 27 · Mild")
	mustContain(t, "the flag", textOf(t, ctx, "main"), "Item 9")
	screenshot(t, ctx, "staff-answers-1280")
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, h.Server.URL, "/clients/"+c.ID+"/documents/"+doc)
	screenshot(t, ctx, "staff-answers-375")

	// The chart's score chart with its one point.
	checkNarrow(t, ctx, h.Server.URL, "/clients/"+c.ID+"?tab=portal")
	mustContain(t, "legend", textOf(t, ctx, ".score-legend"), "latest 9 of 27 (Mild)")
	screenshot(t, ctx, "chart-score-375")
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))
	screenshot(t, ctx, "chart-score-1280")
}
