package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 17, item 1: in Chromium a clinician assigns homework from the chart's Tasks tab; the client signs
// in to the portal, finds it under To do now, marks it done with a reply; staff see the reply on the Tasks
// tab and the task. Every page passes axe-core and has no sideways scrolling at 1280 and 375 px.
// Proves TK-1, PT-9.
func TestHomeworkInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	first, last := "Noor", "Haddad"
	c, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	now := h.Clock.Now()
	access := h.PortalUser(c, "", "noor@example.net", "Noor Haddad", apptest.StrongPassword, model.AccessSelf, nil)
	ctx := browser(t)
	base := h.Server.URL
	chart := "/clients/" + c.ID
	due := now.AddDate(0, 0, 5).Format("2006-01-02")
	run(t, ctx, "signing in",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), owner.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)
	run(t, ctx, "assigning homework from the Tasks tab",
		chromedp.Navigate(base+chart+"?tab=tasks"),
		chromedp.Click(chromedp.Search(`//a[.="Assign a task"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-title`)),
		chromedp.SendKeys(chromedp.CSS(`#f-title`), "Mood diary"),
		chromedp.SendKeys(chromedp.CSS(`#f-instructions`), "Note your mood **each evening**, 0 to 10."),
		chromedp.SetValue(chromedp.CSS(`#f-due_on`), due),
		chromedp.Click(chromedp.Search(`//button[.="Save the task"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "It shows in the portal under To do now")]`)),
	)
	taskPath := get(t, ctx, "the task's address", chromedp.Evaluate[string](`document.querySelector('.task-list a').getAttribute('href')`))
	run(t, ctx, "signing in to the portal and opening the homework under To do now",
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), access.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#f-password`)),
		chromedp.Navigate(base+"/portal/c/"+access.ID),
		chromedp.Click(chromedp.Search(`//section[@aria-labelledby="h-todo"]//a[starts-with(., "Mood diary")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-reply`)),
	)
	html := get(t, ctx, "the instructions", chromedp.Evaluate[string](`document.querySelector('.prose').innerHTML`))
	mustContain(t, "the instructions", html, "<strong>each evening</strong>")
	portalTask := get(t, ctx, "the portal task's address", chromedp.Evaluate[string](`location.pathname`))
	run(t, ctx, "marking it done with a reply",
		chromedp.SendKeys(chromedp.CSS(`#f-reply`), "Mostly 6s, a 3 on Friday."),
		chromedp.Click(chromedp.Search(`//button[.="Mark done"]`)),
		chromedp.WaitVisible(chromedp.Search(`//h3[.="Your reply"]`)),
	)
	run(t, ctx, "staff reading the reply",
		chromedp.Navigate(base+chart+"?tab=tasks"),
		chromedp.WaitVisible(chromedp.CSS(`.task-reply`)),
	)
	mustContain(t, "the Tasks tab", textOf(t, ctx, `.task-list`), "Mostly 6s, a 3 on Friday.")
	run(t, ctx, "opening the task", chromedp.Navigate(base+taskPath), chromedp.WaitVisible(chromedp.Search(`//h3[.="The client's reply"]`)))
	if got := textOf(t, ctx, `main`); !strings.Contains(got, "by the client in the portal") {
		t.Errorf("the task page does not say the client marked it done: %q", got)
	}
	pages := []string{chart + "?tab=tasks", chart + "/tasks/new", taskPath, taskPath + "/delete", "/portal/c/" + access.ID,
		"/portal/c/" + access.ID + "/tasks", portalTask}
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		for _, p := range pages {
			checkWidth(t, ctx, base, p, width)
		}
	}
}
