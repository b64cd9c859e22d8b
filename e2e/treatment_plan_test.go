package e2e

import (
	"context"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/pdftest"
)

// objectiveName matches the statement field of an objective of goal 1.1.
var objectiveName = regexp.MustCompile(`^problems\.0\.goals\.0\.objectives\.(\d+)\.statement$`)

// Issue 15, Tests (TP-1, TP-2, PT-10): in Chromium a clinician drafts a plan from the Treatment plan tab
// with Tend's built-in generator, lands in its editor told it is an unsigned draft, changes a goal and
// adds an objective with the in-page "Add an objective" button (no round trip), saves version 2, compares
// it with version 1 from History (the old goal struck through, the new one inserted), signs it with their
// typed name and shares it. The client signs in to the portal, opens the plan and signs it; back on the
// staff side the plan shows the client's signature, and the version's PDF link downloads a real PDF
// carrying the changed goal and both signatures. axe-core checks every page on the way.
func TestTreatmentPlanInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	o := apptest.As(owner)
	srv := h.SMTP(t)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(ctx0, o, model.ClientChange{FirstName: &first, LastName: &last, Email: &email, AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clinical.AddDiagnosis(ctx0, o, c.ID, model.DiagnosisInput{Code: "F33.1", Primary: true}); err != nil {
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

	pl, err := h.App.Portal.Login(ctx0, email, apptest.StrongPassword, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	home, err := h.App.Portal.Home(ctx0, model.PortalPrincipal{AccountID: pl.Account.ID, Email: pl.Account.Email})
	if err != nil || len(home.Charts) != 1 {
		t.Fatalf("the client's portal charts: %+v %v", home.Charts, err)
	}
	access := home.Charts[0].ID

	ctx := browser(t)
	base := h.Server.URL
	chart := base + "/clients/" + c.ID
	signIn(t, ctx, base)

	run(t, ctx, "drafting a plan from the Treatment plan tab",
		chromedp.Navigate(chart),
		chromedp.Click(chromedp.Search(`//nav[@aria-label="Chart sections"]//a[.="Treatment plan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-draft-length`)),
	)
	screenshot(t, ctx, "plan-tab-draft")
	run(t, ctx, "asking for a short draft",
		chromedp.SetValue(chromedp.CSS(`#f-draft-length`), "short"),
		chromedp.Click(chromedp.Search(`//button[.="Draft a plan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[data-plan-editor]`)),
	)
	mustContain(t, "the flash", textOf(t, ctx, ".flash"), "Version 1 is an unsigned draft from Tend's built-in generator.")
	editor := get(t, ctx, "the editor's address", chromedp.Evaluate[string](`location.pathname`))
	if !strings.HasSuffix(editor, "/edit") {
		t.Fatalf("the draft opened %s, not its editor", editor)
	}
	plan := strings.TrimSuffix(editor, "/edit")
	goal := `[id="f-problems.0.goals.0.statement"]`
	oldGoal := get(t, ctx, "the drafted goal", chromedp.Value(chromedp.CSS(goal)))
	if oldGoal == "" {
		t.Fatal("the draft has no goal 1.1")
	}

	// The in-page button adds the row without sending the form: a mark set on the window survives.
	before := get(t, ctx, "objectives of goal 1.1", chromedp.Evaluate[int](`document.querySelectorAll('[name^="problems.0.goals.0.objectives."][name$=".statement"]').length`))
	day := h.Clock.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	run(t, ctx, "changing goal 1.1 and adding an objective in place",
		chromedp.Evaluate[chromedp.Void](`window.__stayed = true`),
		chromedp.Clear(chromedp.CSS(goal)),
		chromedp.SendKeys(chromedp.CSS(goal), "Sleep seven hours on most nights"),
		chromedp.Click(chromedp.Search(`//button[@data-add="objective"][contains(., "to goal 1.1")]`)),
		chromedp.WaitVisible(chromedp.Search(`//legend[.="Objective 1.1.`+strconv.Itoa(before+1)+`"]`)),
	)
	added := get(t, ctx, "the focused field", chromedp.Evaluate[string](`document.activeElement.name`))
	m := objectiveName.FindStringSubmatch(added)
	if m == nil || m[1] != strconv.Itoa(before) || !get(t, ctx, "the mark", chromedp.Evaluate[bool](`window.__stayed === true`)) {
		t.Fatalf("after Add an objective the focus is on %q (want objective %d of goal 1.1, added without reloading)", added, before+1)
	}
	run(t, ctx, "filling the new objective and saving",
		chromedp.SendKeys(chromedp.CSS(`[name="`+added+`"]`), "Keep a sleep diary for four weeks"),
		chromedp.SetValue(chromedp.CSS(`[name="problems.0.goals.0.objectives.`+m[1]+`.target_date"]`), day),
		chromedp.Click(chromedp.Search(`//form[@data-plan-editor]//button[.="Save"][contains(@class, "primary")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-sigs`)),
	)
	mustContain(t, "after saving", textOf(t, ctx, ".flash"), "Saved as version 2.")
	view := textOf(t, ctx, `.plan-view`)
	mustContain(t, "the plan", view, "Sleep seven hours on most nights")
	mustContain(t, "the plan", view, "Keep a sleep diary for four weeks")

	run(t, ctx, "comparing version 1 with version 2 from History",
		chromedp.Click(chromedp.Search(`//a[.="History"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#compare-hint`)),
		chromedp.Click(chromedp.Search(`//button[.="Compare"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#diff-summary`)),
	)
	screenshot(t, ctx, "plan-diff")
	diffPath := get(t, ctx, "the comparison's address", chromedp.Evaluate[string](`location.pathname + location.search`))
	run(t, ctx, "the comparison on a phone", chromedp.EmulateViewport(375, 800))
	checkWidth(t, ctx, base, diffPath, 375)
	screenshot(t, ctx, "plan-diff-phone")
	checkWidth(t, ctx, base, plan+"/history", 375)
	screenshot(t, ctx, "plan-history-phone")
	run(t, ctx, "back to the desktop", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+diffPath), chromedp.WaitVisible(chromedp.CSS(`#diff-summary`)))
	mustContain(t, "the summary", textOf(t, ctx, `#diff-summary`), "Version 1 → version 2:")
	problem := textOf(t, ctx, `.diff-section:has(del, ins) .diff-text`)
	mustContain(t, "the changed section", problem, "Keep a sleep diary for four weeks")
	inserted := strings.Join(get(t, ctx, "inserted words", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.diff-text ins')).map(e => e.textContent)`)), " ")
	mustContain(t, "inserted words", inserted, "seven hours")
	if removed := get(t, ctx, "removed words", chromedp.Evaluate[int](`document.querySelectorAll('.diff-text del').length`)); removed == 0 {
		t.Errorf("the comparison strikes nothing through, though goal 1.1 was %q", oldGoal)
	}

	run(t, ctx, "signing version 2 and sharing it",
		chromedp.Navigate(base+plan),
		chromedp.WaitVisible(chromedp.CSS(`#f-full_name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-full_name`), "Olivia Owner"),
		chromedp.Click(chromedp.Search(`//button[.="Sign version 2"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[.="Share in the portal"]`)),
		chromedp.Click(chromedp.Search(`//button[.="Share in the portal"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[.="Stop sharing"]`)),
	)
	mustContain(t, "after sharing", textOf(t, ctx, ".flash"), "The plan is shared")

	run(t, ctx, "the client signs in to the portal and opens the plan",
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-todo`)),
		chromedp.Navigate(base+"/portal/c/"+access+"/plans"),
		chromedp.WaitVisible(chromedp.Search(`//main//a[contains(@href, "/plans/")]`)),
		chromedp.Click(chromedp.Search(`//main//a[contains(@href, "/plans/")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-full_name`)),
	)
	mustContain(t, "the portal's plan", textOf(t, ctx, "main"), "Sleep seven hours on most nights")
	run(t, ctx, "the client signs",
		chromedp.SendKeys(chromedp.CSS(`#f-full_name`), "Ada Lovelace"),
		chromedp.Click(chromedp.Search(`//button[.="Sign"]`)),
		chromedp.WaitVisible(chromedp.Search(`//strong[starts-with(., "You signed this on")]`)),
	)

	run(t, ctx, "staff see the client's signature",
		chromedp.Navigate(base+plan),
		chromedp.WaitVisible(chromedp.CSS(`#h-sigs`)),
	)
	sigs := textOf(t, ctx, `#signatures`)
	for _, want := range []string{"Signed by the clinician", "Olivia Owner", "Signed by the client", "Ada Lovelace"} {
		mustContain(t, "the signatures", sigs, want)
	}
	pdfPath := get(t, ctx, "the PDF link", chromedp.Evaluate[string](`document.querySelector('a[href$="/versions/2/pdf"]').getAttribute('href')`))

	type download struct {
		Type, Disposition, Data string
	}
	dl := get(t, ctx, "downloading the PDF", chromedp.Evaluate[download](`fetch(`+"`"+pdfPath+"`"+`, {credentials: "same-origin"}).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer()); let s = ""; for (const x of b) s += String.fromCharCode(x);
		return {Type: r.headers.get("Content-Type"), Disposition: r.headers.get("Content-Disposition"), Data: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if dl.Type != "application/pdf" || !strings.HasPrefix(dl.Disposition, "attachment;") {
		t.Errorf("the PDF answers %q, %q", dl.Type, dl.Disposition)
	}
	raw, err := base64.StdEncoding.DecodeString(dl.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "%PDF") {
		t.Fatalf("the download is no PDF: %.40q", raw)
	}
	text, err := pdftest.Text(raw)
	if err != nil {
		t.Fatalf("reading the PDF: %v", err)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Sleep seven hours on most nights", "Keep a sleep diary for four weeks", "Olivia Owner", "Ada Lovelace"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, flat)
		}
	}
}
