// Command screenshots signs in to a running Tend as a staff member and as a portal client and saves a
// full-page PNG of each named page at 1280 and 375 px, so a person can look at every page a change
// touched before it ships.
//
//	go run ./scripts/screenshots -base http://127.0.0.1:8080 -email owner@… -password … \
//	    -portal-email client@… -portal-password … -out shots /clients /settings/mail portal:/portal
//
// A page named "portal:/path" is taken as the portal client.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "the running server")
	email := flag.String("email", "", "staff sign-in email")
	password := flag.String("password", "", "staff password")
	portalEmail := flag.String("portal-email", "", "portal sign-in email")
	portalPassword := flag.String("portal-password", "", "portal password")
	out := flag.String("out", "shots", "folder for the PNG files")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	var staff, portal []string
	for _, p := range flag.Args() {
		if rest, ok := strings.CutPrefix(p, "portal:"); ok {
			portal = append(portal, rest)
		} else {
			staff = append(staff, p)
		}
	}
	if len(staff) > 0 {
		shoot(*base, "/login", *email, *password, "staff", staff, *out)
	}
	if len(portal) > 0 {
		shoot(*base, "/portal/login", *portalEmail, *portalPassword, "portal", portal, *out)
	}
}

// shoot signs in on a fresh browser and saves each page at both widths.
func shoot(base, login, email, password, who string, pages []string, out string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelTimeout()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+login),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), password),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.Sleep(time.Second),
	)
	if err != nil {
		fail(fmt.Errorf("signing in as %s: %w", who, err))
	}
	for _, page := range pages {
		for _, width := range []int64{1280, 375} {
			// "PATH|SELECTOR" opens PATH, clicks SELECTOR (a button that posts a form) and takes the page
			// that follows, e.g. "/settings/two-step|form[action='/settings/two-step/setup'] button".
			path, click, _ := strings.Cut(page, "|")
			actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, 900), chromedp.Navigate(base + path), chromedp.Sleep(500 * time.Millisecond)}
			if click != "" {
				actions = append(actions, chromedp.Click(chromedp.CSS(click)), chromedp.Sleep(time.Second))
			}
			err := chromedp.Do(ctx, actions...)
			if err != nil {
				fail(fmt.Errorf("%s %s at %d px: %w", who, page, width, err))
			}
			scrollWidth, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
			if err != nil {
				fail(err)
			}
			clientWidth, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.clientWidth`))
			if err != nil {
				fail(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				fail(fmt.Errorf("%s %s at %d px: %w", who, page, width, err))
			}
			name := fmt.Sprintf("%s%s-%d.png", who, strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(path), width)
			if click != "" {
				name = strings.Replace(name, ".png", "-after-click.png", 1)
			}
			if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
				fail(err)
			}
			note := ""
			if scrollWidth > clientWidth {
				note = fmt.Sprintf("  SCROLLS SIDEWAYS (%d > %d)", scrollWidth, clientWidth)
			}
			fmt.Printf("%s%s\n", filepath.Join(out, name), note)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "screenshots:", err)
	os.Exit(1)
}
