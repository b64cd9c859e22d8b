package e2e

import (
	"context"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
	"tend/internal/pdftest"
)

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// section is the CSS selector of a note section's text area (its id holds a dot).
func section(key string) string { return `[id="f-section.` + key + `"]` }

// Issue 14, item 9 (NT-1, NT-2, CL-10): in Chromium a clinician writes a SOAP note that saves itself
// (proved by reloading without pressing Save), a mood of 11 is refused next to its field with what was
// typed kept, the note is signed and locked with its signer, time and SHA-256, an addendum follows under
// the unchanged note, the PDF carries the note, and the chart's Overview lists the note as signed and a
// new draft under drafts waiting for a signature. The Notes tab offers the practice's own note template
// after the built-ins. axe-core checks every page on the way.
func TestSessionNoteInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	first, last := "Robin", "Rivera"
	c, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	kind, name := model.TemplateNote, "Family session"
	fields := []model.Field{{ID: "attended", Kind: model.FieldParagraph, Label: "Who attended"}}
	if _, err := h.App.Documents.CreateTemplate(ctx0, apptest.As(owner), model.TemplateChange{Kind: &kind, Name: &name, Fields: &fields}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := h.Server.URL
	chart := base + "/clients/" + c.ID
	signIn(t, ctx, base)

	run(t, ctx, "starting a SOAP note from the Notes tab",
		chromedp.Navigate(chart),
		chromedp.Click(chromedp.Search(`//a[.="Notes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-template`)),
	)
	offered := get(t, ctx, "the templates offered", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#f-template option')).map(o => o.textContent)`))
	if want := []string{"SOAP", "DAP", "BIRP", "Free text", "Family session"}; strings.Join(offered, "|") != strings.Join(want, "|") {
		t.Errorf("New note offers %v, want %v", offered, want)
	}
	texts := map[string]string{"subjective": "Reports sleeping six hours most nights.", "objective": "Calm, on time, good eye contact.",
		"assessment": "Mood improving since the last session.", "plan": "Continue weekly; try the wind-down routine."}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.CSS(`#f-template`), "soap"),
		chromedp.Click(chromedp.Search(`//button[.="New note"]`)),
		chromedp.WaitVisible(chromedp.CSS(section("subjective"))),
	}
	for _, key := range []string{"subjective", "objective", "assessment", "plan"} {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(section(key)), texts[key]))
	}
	steps = append(steps, chromedp.WaitVisible(chromedp.Search(`//*[@id="autosave-status"][.="Saved."]`)))
	run(t, ctx, "typing into each section until autosave says Saved.", steps...)
	notePath := get(t, ctx, "the note's address", chromedp.Evaluate[string](`location.pathname`))
	run(t, ctx, "reloading the draft", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(section("plan"))))
	for key, want := range texts {
		if got := get(t, ctx, "section "+key, chromedp.Value(chromedp.CSS(section(key)))); got != want {
			t.Errorf("after reload, %s holds %q, want %q: autosave did not save it", key, got, want)
		}
	}

	day := h.Clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	run(t, ctx, "a mood of 11",
		chromedp.SetValue(chromedp.CSS(`#f-service_date`), day),
		chromedp.SendKeys(chromedp.CSS(`#f-duration_minutes`), "50"),
		chromedp.SendKeys(chromedp.CSS(`#f-service_type`), "Individual therapy"),
		chromedp.SendKeys(chromedp.CSS(`#f-mood`), "11"),
		chromedp.Click(chromedp.Search(`//button[.="Save draft"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-mood-error`)),
	)
	mustContain(t, "the mood's error", textOf(t, ctx, `#f-mood-error`), "from 0 to 10")
	for field, want := range map[string]string{`#f-mood`: "11", `#f-duration_minutes`: "50", `#f-service_date`: day, section("plan"): texts["plan"]} {
		if got := get(t, ctx, "kept "+field, chromedp.Value(chromedp.CSS(field))); got != want {
			t.Errorf("after the refused mood, %s holds %q, want %q", field, got, want)
		}
	}

	run(t, ctx, "signing with a mood of 6",
		chromedp.Clear(chromedp.CSS(`#f-mood`)),
		chromedp.SendKeys(chromedp.CSS(`#f-mood`), "6"),
		chromedp.SendKeys(chromedp.CSS(`#f-full_name`), "Olivia Owner"),
		chromedp.Click(chromedp.Search(`//button[.="Sign note"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-sig`)),
	)
	editable := get(t, ctx, "editable fields", chromedp.Evaluate[int](`document.querySelectorAll('main textarea[name^="section."], main input[name="mood"], main input[name="service_date"]').length`))
	if editable != 0 {
		t.Errorf("the signed note still has %d editable fields", editable)
	}
	sig := textOf(t, ctx, `#h-sig + dl`)
	for _, want := range []string{"Signed by", "Olivia Owner", "When", "Content fingerprint (SHA-256)"} {
		mustContain(t, "the signature block", sig, want)
	}
	hash := strings.TrimSpace(textOf(t, ctx, `code.hash`))
	if !sha256Hex.MatchString(hash) {
		t.Fatalf("the fingerprint %q is no SHA-256", hash)
	}
	session := textOf(t, ctx, `#h-session + dl`)
	for _, want := range []string{"50 minutes", "Individual therapy", "6 of 10"} {
		mustContain(t, "the session facts", session, want)
	}
	body := textOf(t, ctx, `.note-body`)

	run(t, ctx, "adding an addendum",
		chromedp.SendKeys(chromedp.CSS(`#f-reason`), "Late information"),
		chromedp.SendKeys(chromedp.CSS(`#f-add-body`), "Client called: started a sleep journal."),
		chromedp.Click(chromedp.Search(`//button[.="Add addendum"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.addendum`)),
	)
	addendum := textOf(t, ctx, `article.addendum`)
	for _, want := range []string{"Reason: Late information", "Client called: started a sleep journal.", "Olivia Owner"} {
		mustContain(t, "the addendum", addendum, want)
	}
	if got := textOf(t, ctx, `.note-body`); got != body {
		t.Errorf("the note changed with the addendum:\n%s\nwas\n%s", got, body)
	}
	if got := strings.TrimSpace(textOf(t, ctx, `code.hash`)); got != hash {
		t.Errorf("the fingerprint changed with the addendum: %s, was %s", got, hash)
	}
	order := get(t, ctx, "the addendum's place", chromedp.Evaluate[bool](`!!(document.querySelector('.note-body').compareDocumentPosition(document.querySelector('article.addendum')) & Node.DOCUMENT_POSITION_FOLLOWING)`))
	if !order {
		t.Error("the addendum is not under the note")
	}

	type download struct {
		Type string `json:"type"`
		Data string `json:"data"`
	}
	dl := get(t, ctx, "downloading the PDF", chromedp.Evaluate[download](`fetch(`+"`"+notePath+`/pdf`+"`"+`, {credentials: "same-origin"}).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer()); let s = ""; for (const x of b) s += String.fromCharCode(x);
		return {type: r.headers.get("Content-Type"), data: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if dl.Type != "application/pdf" {
		t.Errorf("the PDF answers %q", dl.Type)
	}
	raw, err := base64.StdEncoding.DecodeString(dl.Data)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftest.Text(raw)
	if err != nil {
		t.Fatalf("reading the PDF: %v", err)
	}
	for _, want := range []string{"Reports sleeping six hours most nights.", "Late information", hash[:16]} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}

	run(t, ctx, "the Overview lists the signed note",
		chromedp.Navigate(chart),
		chromedp.WaitVisible(chromedp.CSS(`#ov-notes`)),
	)
	recent := textOf(t, ctx, `section[aria-labelledby="ov-notes"]`)
	mustContain(t, "Recent notes", recent, "SOAP")
	mustContain(t, "Recent notes", recent, "Signed")
	mustContain(t, "Waiting for signature", textOf(t, ctx, `section[aria-labelledby="ov-drafts"]`), "No drafts waiting for a signature.")

	run(t, ctx, "starting a DAP draft",
		chromedp.Navigate(chart+"?tab=notes"),
		chromedp.SetValue(chromedp.CSS(`#f-template`), "dap"),
		chromedp.Click(chromedp.Search(`//button[.="New note"]`)),
		chromedp.WaitVisible(chromedp.CSS(section("data"))),
		chromedp.SendKeys(chromedp.CSS(section("data")), "Brief check-in by phone."),
		chromedp.WaitVisible(chromedp.Search(`//*[@id="autosave-status"][.="Saved."]`)),
		chromedp.Navigate(chart),
		chromedp.WaitVisible(chromedp.CSS(`#ov-drafts`)),
	)
	drafts := textOf(t, ctx, `section[aria-labelledby="ov-drafts"]`)
	mustContain(t, "Waiting for signature", drafts, "DAP")
	mustContain(t, "Waiting for signature", drafts, "Draft")
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		checkWidth(t, ctx, base, notePath, width)
	}
}
