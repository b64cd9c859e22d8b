package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/model"
)

// templateIDs maps the practice's built-in templates' keys to their ids.
func templateIDs(t *testing.T, h *apptest.Harness, owner model.Staff) map[string]string {
	t.Helper()
	ts, err := h.App.Documents.Templates(context.Background(), apptest.As(owner), false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tp := range ts {
		out[tp.BuiltinKey] = tp.ID
	}
	return out
}

// Issue 13, items 5, 6 and 7 (CL-5, CL-9, MN-3, CT-2, CT-4, PT-2): staff create a minor from the sidebar
// with the billing type, are asked to confirm a date of birth that makes the child an adult, and create
// the chart with the parent invited to the portal and the intake sent along, in one step. What's next
// ticks both items, the wizard's portal step shows the parent invited and the child still to invite,
// and the parent registers from the emailed link and finds the intake waiting.
func TestMinorCreatedWithGuardianInvitedAndIntake(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	tpl := templateIDs(t, h, owner)
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "the new minor form",
		chromedp.Click(chromedp.CSS(`.sidebar .new-client`)),
		chromedp.WaitVisible(chromedp.CSS(`.kind-switch`)),
		chromedp.Click(chromedp.Search(`//nav[@class="kind-switch"]//a[contains(., "Minor")]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="contacts.0.first_name"]`)),
	)
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, h.Server.URL, "/clients/new?kind=minor")
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))
	run(t, ctx, "filling in a minor with an adult's date of birth",
		chromedp.SendKeys(chromedp.CSS(`#f-first_name`), "Mia"),
		chromedp.SendKeys(chromedp.CSS(`#f-last_name`), "Reyes"),
		chromedp.SetValue(chromedp.CSS(`#f-date_of_birth`), "1999-06-01"),
		chromedp.Click(chromedp.CSS(`input[name="billing_type"][value="cash_pay"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="contacts.0.first_name"]`), "Rosa"),
		chromedp.SendKeys(chromedp.CSS(`input[name="contacts.0.last_name"]`), "Reyes"),
		chromedp.SendKeys(chromedp.CSS(`input[name="contacts.0.email"]`), "rosa@example.net"),
		chromedp.SetValue(chromedp.CSS(`select[name="contacts.0.relationship"]`), "parent"),
		chromedp.Click(chromedp.CSS(`input[name="contacts.0.invite"]`)),
		chromedp.Click(chromedp.CSS(`input[name="template_id"][value="`+tpl["intake"]+`"]`)),
		chromedp.Click(chromedp.Search(`//button[.="Create client"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-confirm_adult_minor`)),
	)
	mustContain(t, "the warning", textOf(t, ctx, "#f-date_of_birth-error"), "an adult")
	invite := get(t, ctx, "the invitation stays ticked", chromedp.Evaluate[bool](`document.querySelector('input[name="contacts.0.invite"]').checked &&
		document.querySelector('input[name="template_id"][value="`+tpl["intake"]+`"]').checked`))
	if !invite {
		t.Fatal("the refusal lost the invitation or the ticked intake")
	}
	screenshot(t, ctx, "minor-adult-warning")
	run(t, ctx, "correcting the date and creating",
		chromedp.SetValue(chromedp.CSS(`#f-date_of_birth`), "2014-06-01"),
		chromedp.Click(chromedp.Search(`//button[.="Create client"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart-head h1`)),
	)
	mustContain(t, "chart", textOf(t, ctx, ".chart-head h1"), "Mia Reyes")
	next := textOf(t, ctx, `section[aria-labelledby="next-heading"]`)
	if strings.Count(next, "(done)") != 2 {
		t.Fatalf("What's next after creating with the parent invited and the intake: %q", next)
	}
	run(t, ctx, "the Details tab (CL-10: the chart opens on Overview)", chromedp.Click(chromedp.Search(`//nav[@aria-label="Chart sections"]//a[.="Details"]`)), chromedp.WaitVisible(chromedp.CSS(`#contacts`)))
	mustContain(t, "flags", textOf(t, ctx, "#contacts"), "May sign")
	screenshot(t, ctx, "minor-created")

	run(t, ctx, "the wizard's portal step",
		chromedp.Click(chromedp.Search(`//a[contains(., "Start setup")]`)),
		chromedp.WaitVisible(chromedp.CSS(`.steps`)),
		chromedp.Click(chromedp.Search(`//ol[@class="steps"]//a[contains(., "Portal invitation")]`)),
		chromedp.WaitVisible(chromedp.CSS(`.portal-users`)),
	)
	step := textOf(t, ctx, ".portal-users")
	mustContain(t, "the parent invited", step, "Invitation sent to rosa@example.net")
	mustContain(t, "the child still to invite", step, "Invite Mia Reyes")
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, "", get(t, ctx, "address", chromedp.Location()))
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))

	h.RunJobs()
	m := portalLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
	if m == nil {
		t.Fatalf("no invitation link in %q", srv.Text(t, len(srv.Messages())-1))
	}
	run(t, ctx, "the parent registers from the email",
		chromedp.Navigate(h.Server.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS(`#f-password`)),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.SendKeys(chromedp.CSS(`#f-password_again`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[contains(., "Create account")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-todo`)),
	)
	mustContain(t, "to do now", textOf(t, ctx, `section[aria-labelledby="h-todo"]`), "Intake form")
}

// Issue 13, item 10: the client fills in the built-in intake in the portal, which does not ask again
// for the date of birth the chart holds; staff open "Apply to chart" from the Portal tab, see the
// answers beside the chart, get the chart's own message next to a phone number that is not one with
// nothing applied, correct it, and the chosen answers reach the chart.
func TestApplyIntakeToChart(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	srv := h.SMTP(t)
	tpl := templateIDs(t, h, owner)
	p := apptest.As(owner)
	first, last, email, dob := "Ada", "Lovelace", "ada@example.net", "1990-04-17"
	c, err := h.App.Clients.Create(context.Background(), p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email, DateOfBirth: &dob})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clients.Invite(context.Background(), p, c.ID, clients.InviteInput{DefaultFeatures: true, TemplateIDs: []string{tpl["intake"]}}); err != nil {
		t.Fatal(err)
	}
	h.RunJobs()
	m := portalLink.FindStringSubmatch(srv.Text(t, 0))
	if m == nil {
		t.Fatal("no invitation link")
	}
	ctx := browser(t)
	run(t, ctx, "the client registers and opens the intake",
		chromedp.Navigate(h.Server.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS(`#f-password`)),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.SendKeys(chromedp.CSS(`#f-password_again`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[contains(., "Create account")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-todo`)),
		chromedp.Click(chromedp.Search(`//section[@aria-labelledby="h-todo"]//a[contains(., "Intake form")]`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name="a.presenting_concerns"]`)),
	)
	asksBirth := get(t, ctx, "is the date of birth asked", chromedp.Evaluate[bool](`!!document.querySelector('[name="a.date_of_birth"]')`))
	if asksBirth {
		t.Fatal("the intake asks for the date of birth the chart already holds")
	}
	run(t, ctx, "the client answers and submits",
		chromedp.SendKeys(chromedp.CSS(`input[name="a.legal_name"]`), "Augusta Ada King"),
		chromedp.SendKeys(chromedp.CSS(`input[name="a.phone"]`), "555 12"),
		chromedp.SendKeys(chromedp.CSS(`input[name="a.emergency_contact"]`), "Mary Somerville, 555 010 0123"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="a.presenting_concerns"]`), "Trouble sleeping."),
		chromedp.Click(chromedp.Search(`//button[.="Submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)

	signIn(t, ctx, h.Server.URL)
	run(t, ctx, "Apply to chart from the Portal tab",
		chromedp.Navigate(h.Server.URL+"/clients/"+c.ID+"?tab=portal"),
		chromedp.WaitVisible(chromedp.CSS(`#documents table`)),
		chromedp.Click(chromedp.Search(`//section[@id="documents"]//a[contains(., "Apply to chart")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#row-phone`)),
	)
	mustContain(t, "side by side", textOf(t, ctx, "#row-legal_name"), "Augusta Ada King")
	screenshot(t, ctx, "apply-to-chart")
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, "", get(t, ctx, "address", chromedp.Location()))
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 900))
	run(t, ctx, "applying a phone number that is not one",
		chromedp.Click(chromedp.Search(`//button[.="Apply the chosen answers"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="f-v-phone-error"]`)),
	)
	mustContain(t, "the phone's message", textOf(t, ctx, `[id="f-v-phone-error"]`), "7 to 15 digits")
	mustContain(t, "nothing applied", textOf(t, ctx, ".alert"), "Nothing was applied")
	if v, err := h.App.Clients.Get(context.Background(), p, c.ID); err != nil || v.LegalFirstName != "" || v.Phone != "" {
		t.Fatalf("half applied: %q %q (%v)", v.LegalFirstName, v.Phone, err)
	}
	run(t, ctx, "correcting the phone and applying",
		chromedp.SetValue(chromedp.CSS(`[id="f-v-phone"]`), "555 010 0199"),
		chromedp.Click(chromedp.Search(`//button[.="Apply the chosen answers"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart-head`)),
	)
	mustContain(t, "notice", textOf(t, ctx, ".flash"), "on the chart")
	details := textOf(t, ctx, ".sections")
	for _, want := range []string{"Augusta Ada King", "555 010 0199", "Mary Somerville", "04/17/1990"} {
		mustContain(t, "the chart after applying", details, want)
	}
}
