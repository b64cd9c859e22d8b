package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 13, item 4, the main path in a browser: a chart says when the client joined in the US format
// of a new practice; the owner picks another format in Settings → Practice, and the same chart then
// writes the date that way. The settings page fits a phone.
// Proves CL-11.
func TestDateFormatSetting(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	first, last := "Ada", "Lovelace"
	c, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last})
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	chart := h.Server.URL + "/clients/" + c.ID
	run(t, ctx, "opening the chart", chromedp.Navigate(chart), chromedp.WaitVisible(chromedp.CSS(`.chart-head h1`)))
	mustContain(t, "joined, US format", textOf(t, ctx, ".chart-head"), "Joined 03/02/2026")

	run(t, ctx, "choosing the written month in Settings → Practice",
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[contains(., "Settings")]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/settings/practice"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/settings/practice"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#date-format`)),
		chromedp.Click(chromedp.CSS(`input[name="date_format"][value="long"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/settings/practice"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	mustContain(t, "saved", textOf(t, ctx, ".flash"), "Practice settings saved.")
	if !get(t, ctx, "the choice kept", chromedp.Evaluate[bool](`document.querySelector('input[name="date_format"][value="long"]').checked`)) {
		t.Fatal("after saving, the written month is not the chosen format")
	}
	run(t, ctx, "opening the chart again", chromedp.Navigate(chart), chromedp.WaitVisible(chromedp.CSS(`.chart-head h1`)))
	mustContain(t, "joined, written month", textOf(t, ctx, ".chart-head"), "Joined 2 Mar 2026")

	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, h.Server.URL, "/settings/practice")
}
