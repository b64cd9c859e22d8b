package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/demo"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/store"
)

// seedFirstWeek fills a practice as a busy first week leaves it: fictional clients of every kind and
// status, one with a long name and a long email, three portal invitations, a client who registered and
// finished a flagged PHQ-9, and a practice whose time zone has a long name.
func seedFirstWeek(t *testing.T, h *apptest.Harness, owner model.Staff) {
	t.Helper()
	ctx := context.Background()
	p := apptest.As(owner)
	st, log := h.App.Clients.Store, h.App.AuditLog
	rng := rand.New(rand.NewPCG(13, 1))
	if err := demo.Clients(ctx, st, log, owner.PracticeID, []string{owner.ID}, 40, rng, h.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	first, last, email := "Maximiliana", "Wolfeschlegelsteinhausenberger", "maximiliana.wolfeschlegelsteinhausenberger@counseling-example.org"
	tagged, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	tags, err := h.App.Clients.Tags(ctx, p)
	if err != nil || len(tags) == 0 {
		t.Fatalf("demo tags: %v", err)
	}
	ids := []string{tags[0].ID}
	if _, err := h.App.Clients.Update(ctx, p, tagged.ID, model.ClientChange{}, &ids); err != nil {
		t.Fatal(err)
	}
	tz := "America/Argentina/Buenos_Aires"
	if _, err := h.App.Accounts.ChangePracticeSettings(ctx, p, model.PracticeSettingsChange{TimeZone: &tz}); err != nil {
		t.Fatal(err)
	}
	login, err := demo.Portal(ctx, st, log, owner.PracticeID, rng, h.Clock.Now())
	if err != nil || login.Email == "" {
		t.Fatalf("demo portal: %+v %v", login, err)
	}
	if err := demo.Documents(ctx, h.App.Accounts, h.App.Portal, h.App.Documents, demo.Login{Email: "owner@example.org", Password: apptest.StrongPassword, Portal: login}); err != nil {
		t.Fatal(err)
	}
	// A PHQ-9 with item 9 answered above "Not at all": flagged, first on Home.
	pl, err := h.App.Portal.Login(ctx, login.Email, login.Password, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	pp, err := h.App.Portal.Authenticate(ctx, pl.Token, "")
	if err != nil {
		t.Fatal(err)
	}
	home, err := h.App.Portal.Home(ctx, pp)
	if err != nil || len(home.Charts) == 0 {
		t.Fatalf("portal home: %v", err)
	}
	ts, err := h.App.Documents.Templates(ctx, p, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range ts {
		if tpl.BuiltinKey != "phq9" {
			continue
		}
		rs, err := h.App.Documents.ManageDocuments(ctx, p, home.Charts[0].ChartID, documents.ManageInput{TemplateIDs: []string{tpl.ID}})
		if err != nil {
			t.Fatal(err)
		}
		answers := map[string]string{}
		for i := 1; i <= 9; i++ {
			answers[fmt.Sprintf("item%d", i)] = "More than half the days"
		}
		if _, err := h.App.Documents.Submit(ctx, pp, rs[0].ID, answers); err != nil {
			t.Fatal(err)
		}
	}
	// One more invitation, to a client already in care: they stay Active (ST-1).
	cs, err := store.ActiveIndividualsWithEmail(ctx, st.R(), owner.PracticeID, 60)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.SetupComplete() && c.PortalState == "" {
			if _, err := h.App.Clients.Invite(ctx, p, c.ID, clients.InviteInput{Features: []string{"documents"}}); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
}

// noSideways fails the test when the page at the current width scrolls sideways, naming what is too wide.
func noSideways(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	fits := get(t, ctx, "measuring "+what, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`))
	if !fits {
		wide := get(t, ctx, "finding what is too wide", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
			.filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(-4)
			.map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right))`))
		t.Errorf("%s scrolls sideways; too wide: %v", what, wide)
		screenshot(t, ctx, "too-wide-"+strings.NewReplacer("/", "_", " ", "-").Replace(what))
	}
}

// brokenWords lists the words of main that a line break splits in the middle (a break at a space, a
// hyphen, a slash, an "@" or a dot is a word's own).
const brokenWords = `(() => {
  const out = [];
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.parentElement || n.parentElement.closest('.visually-hidden')) continue;
    const re = /[^\s\-\/@.]+/g;
    let m;
    while ((m = re.exec(n.data))) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  return out;
})()`

// LS-1, LS-3, LS-4, ST-1 and issue 13 item 3 in Chromium: the client list and Home fit the page at 1280,
// 1024 and 375 px without sideways scrolling; from 1024 px the list is a table, at 375 px each client is a
// card; a row's menu opens, moves and acts from the keyboard; a heading sorts; Home's three cards line up
// and no word of it is broken in the middle.
func TestClientListAndHomeAtRealWidths(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	seedFirstWeek(t, h, owner)
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)

	for _, width := range []int64{1280, 1024, 375} {
		run(t, ctx, fmt.Sprintf("the client list at %d px", width),
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(h.Server.URL+"/clients?status=active&status=pending&status=inactive&status=archived"),
			chromedp.WaitVisible(chromedp.CSS(`table.clients`)),
		)
		noSideways(t, ctx, fmt.Sprintf("the client list at %d px", width))
		row := get(t, ctx, "row display", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('table.clients tbody tr')).display`))
		if want := map[bool]string{true: "table-row", false: "grid"}[width >= 1024]; row != want {
			t.Errorf("at %d px a client row is displayed as %q, want %q", width, row, want)
		}
		screenshot(t, ctx, fmt.Sprintf("clients-%d", width))
		run(t, ctx, fmt.Sprintf("home at %d px", width),
			chromedp.Navigate(h.Server.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(`#h-setups`)),
		)
		noSideways(t, ctx, fmt.Sprintf("home at %d px", width))
		screenshot(t, ctx, fmt.Sprintf("home-%d", width))
		if width >= 1024 {
			tops := get(t, ctx, "card tops", chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll('.dashboard > .panel')).map(p => p.getBoundingClientRect().top)`))
			if len(tops) != 3 || tops[0] != tops[1] || tops[1] != tops[2] {
				t.Errorf("at %d px Home's cards do not line up: tops %v", width, tops)
			}
			if broken := get(t, ctx, "broken words", chromedp.Evaluate[[]string](brokenWords)); len(broken) > 0 {
				t.Errorf("at %d px Home breaks words in the middle: %v", width, broken)
			}
		}
	}
	home := textOf(t, ctx, "main")
	for _, want := range []string{"Flagged answers", "Documents to review", "Unfinished setups", "Portal invitations"} {
		mustContain(t, "home", home, want)
	}
	if strings.Index(home, "Flagged answers") > strings.Index(home, "Documents to review") {
		t.Error("flagged answers do not come first on Home")
	}

	// The keyboard: the first row's menu opens with Enter, Tab reaches its items, Escape closes it.
	run(t, ctx, "the list at 1280 px",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(h.Server.URL+"/clients?sort=name"),
		chromedp.WaitVisible(chromedp.CSS(`table.clients`)),
		chromedp.Focus(chromedp.CSS(`table.clients tbody tr:first-child .row-menu summary`)),
		chromedp.KeyEvent(kb.Enter),
	)
	if open := get(t, ctx, "menu open", chromedp.Evaluate[bool](`document.querySelector('table.clients tbody tr:first-child .row-menu').open`)); !open {
		t.Fatal("Enter on the menu button does not open the menu")
	}
	var items []string
	for range 4 {
		run(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
		items = append(items, strings.TrimSpace(get(t, ctx, "focused", chromedp.Evaluate[string](`document.activeElement.firstChild.textContent`))))
	}
	if got := strings.Join(items, ", "); got != "Open, Invite to portal, Deactivate, Archive" && got != "Open, Portal invitation, Deactivate, Archive" &&
		got != "Open, Deactivate, Archive, Delete…" {
		t.Errorf("Tab through the menu reaches %q", got)
	}
	run(t, ctx, "Escape", chromedp.KeyEvent(kb.Escape))
	if open := get(t, ctx, "menu closed", chromedp.Evaluate[bool](`document.querySelector('table.clients tbody tr:first-child .row-menu').open`)); open {
		t.Error("Escape does not close the menu")
	}
	name := textOf(t, ctx, "table.clients tbody tr:first-child .client-name")
	// Deactivate from the keyboard: back on the same list, with the notice.
	run(t, ctx, "deactivating from the menu",
		chromedp.Focus(chromedp.CSS(`table.clients tbody tr:first-child .row-menu summary`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Focus(chromedp.CSS(`table.clients tbody tr:first-child .row-menu button[type=submit]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	mustContain(t, "notice", textOf(t, ctx, ".flash"), "deactivated")
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/clients?sort=name") {
		t.Errorf("after deactivating from the list the page is %s", loc)
	}
	if strings.Contains(textOf(t, ctx, "#client-results"), name) {
		t.Errorf("%s is still listed as active", name)
	}
	// A heading sorts: Status, then the other way round.
	run(t, ctx, "sorting by status",
		chromedp.Click(chromedp.Search(`//th/a[normalize-space()="Status"]`)),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"]`)),
	)
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "sort=status") {
		t.Errorf("the Status heading led to %s", loc)
	}
}
