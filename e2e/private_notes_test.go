package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 14, items 4 and 5: a clinician writes a psychotherapy note and a reflection in the browser
// (labels, keyboard, no sideways scrolling at 1280 or 375 px, axe-core clean), shares the reflection,
// and the client reads it under Shared notes in the portal, sanitized.
// Proves NT-1, PT-6, PT-7, PT-10.
func TestPrivateNotesInTheBrowser(t *testing.T) {
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
	ctx := browser(t)
	base := h.Server.URL
	chart := "/clients/" + c.ID
	run(t, ctx, "signing in",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), owner.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)
	run(t, ctx, "writing a psychotherapy note",
		chromedp.Navigate(base+chart+"?tab=psychotherapy"),
		chromedp.Click(chromedp.Search(`//a[.="Write a psychotherapy note"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-body`)),
		chromedp.SendKeys(chromedp.CSS(`#f-body`), "Noticed avoidance around the topic of work."),
		chromedp.Click(chromedp.Search(`//button[.="Save"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "Only you can read it")]`)),
	)
	notePath := get(t, ctx, "the note's address", chromedp.Evaluate[string](`location.pathname`))
	run(t, ctx, "writing a reflection",
		chromedp.Navigate(base+chart+"?tab=reflections"),
		chromedp.Click(chromedp.Search(`//a[.="Write a reflection"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-title`)),
		chromedp.SendKeys(chromedp.CSS(`#f-title`), "Between sessions"),
		chromedp.SendKeys(chromedp.CSS(`#f-body`), "## This week\n\n- take a *short* walk\n- read [the guide](https://example.org/guide)\n\n<img src=x onerror=alert(1)>"),
		chromedp.Click(chromedp.Search(`//form[contains(@action, "/reflections")]//button[.="Save"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[.="Share in the portal"]`)),
		chromedp.Click(chromedp.Search(`//button[.="Share in the portal"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[.="Stop sharing"]`)),
	)
	refPath := get(t, ctx, "the reflection's address", chromedp.Evaluate[string](`location.pathname`))
	staffPages := []string{chart + "?tab=psychotherapy", chart + "?tab=reflections", chart + "/psychotherapy-notes/new", notePath,
		chart + "/reflections/new", refPath}
	run(t, ctx, "signing in to the portal",
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), access.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#f-password`)),
		chromedp.Navigate(base+"/portal/c/"+access.ID),
		chromedp.Click(chromedp.Search(`//a[.="Shared notes"]`)),
		chromedp.Click(chromedp.Search(`//a[.="Between sessions"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.prose h2`)),
	)
	html := get(t, ctx, "the shared note", chromedp.Evaluate[string](`document.querySelector('article.prose').innerHTML`))
	mustContain(t, "the shared note", html, `rel="nofollow noopener"`)
	if strings.Contains(html, "<img") || strings.Contains(html, "onerror") {
		t.Errorf("the shared note kept raw HTML: %s", html)
	}
	portalPages := []string{"/portal/c/" + access.ID + "/reflections", "/portal/c/" + access.ID + "/reflections/" + refPath[strings.LastIndex(refPath, "/")+1:]}
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		for _, p := range append(append([]string{}, staffPages...), portalPages...) {
			checkWidth(t, ctx, base, p, width)
		}
	}
}
