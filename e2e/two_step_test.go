package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
)

// TR-2: the main path of two-step sign-in on a phone-sized screen: set it up from Settings by reading the
// key off the page (the QR code shows), confirm with a code, see ten recovery codes, sign out, and sign
// in again with the password and then a code. Codes are made with the app's own test clock.
func TestTwoStepSignIn(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup()
	ctx := browser(t)
	base := h.Server.URL
	signIn := func(step string) {
		run(t, ctx, step,
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
			chromedp.SendKeys(chromedp.CSS(`#f-email`), "owner@example.org"),
			chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
			chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		)
	}
	run(t, ctx, "phone-sized window", chromedp.EmulateViewport(375, 800))
	signIn("signing in with the password alone")
	run(t, ctx, "home", chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)))

	checkNarrow(t, ctx, base, "/settings/two-step")
	run(t, ctx, "starting the setup",
		chromedp.Click(chromedp.CSS(`form[action="/settings/two-step/setup"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#two-step-secret`)),
	)
	shown := get(t, ctx, "the QR code loads", chromedp.Evaluate[bool](`(() => { const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 100 })()`))
	if !shown {
		t.Fatal("the QR code image did not load (is data: allowed for images?)")
	}
	checkNarrow(t, ctx, base, "/settings/two-step/setup")
	screenshot(t, ctx, "two-step-setup")
	secret := strings.ReplaceAll(textOf(t, ctx, "#two-step-secret"), " ", "")
	if len(secret) != 32 {
		t.Fatalf("the key on the page is %q", secret)
	}
	run(t, ctx, "confirming with the app's code",
		chromedp.SendKeys(chromedp.CSS(`#f-code`), h.Code(secret)),
		chromedp.Click(chromedp.CSS(`form[action="/settings/two-step/confirm"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.recovery-codes`)),
	)
	if n := get(t, ctx, "counting recovery codes", chromedp.Evaluate[int](`document.querySelectorAll('.recovery-codes li').length`)); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	screenshot(t, ctx, "two-step-codes")
	run(t, ctx, "continuing",
		chromedp.Click(chromedp.Search(`//a[contains(., "I saved them")]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
		chromedp.Click(chromedp.CSS(`.usermenu summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.usermenu .menu-button`)),
		chromedp.Click(chromedp.CSS(`.usermenu .menu-button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] #f-email`)),
	)

	h.Clock.Advance(30 * time.Second) // the confirming code is used; the app shows the next one
	signIn("signing in: the password")
	run(t, ctx, "the code step", chromedp.WaitVisible(chromedp.CSS(`form[action="/login/two-step"] #f-code`)))
	checkNarrow(t, ctx, base, "/login/two-step")
	screenshot(t, ctx, "two-step-login")
	run(t, ctx, "signing in: the code",
		chromedp.SendKeys(chromedp.CSS(`#f-code`), h.Code(secret)),
		chromedp.Click(chromedp.CSS(`form[action="/login/two-step"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar .practice-name`)),
	)
	mustContain(t, "home heading", textOf(t, ctx, "main h1"), "Olivia Owner")
}
