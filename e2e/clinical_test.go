package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tend/internal/apptest"
	"tend/internal/model"
)

// CL-8: on the Clinical tab a code is found as you type and chosen with the keyboard from the combobox;
// the tab with diagnoses, medications and texts, and the open form, fit a phone and pass axe-core.
func TestClinicalTabTypeaheadAndWidths(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	ctx0 := context.Background()
	p := apptest.As(owner)
	first, last := "Noor", "Haddad"
	c, err := h.App.Clients.Create(ctx0, p, model.ClientChange{FirstName: &first, LastName: &last})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clinical.AddDiagnosis(ctx0, p, c.ID, model.DiagnosisInput{Code: "F43.12", Label: "PTSD, chronic, after a long and difficult series of events described in the history", Primary: true, OnsetDate: "2021-06-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clinical.AddMedication(ctx0, p, c.ID, model.MedicationInput{Name: "Sertraline", Dose: "100 mg", Frequency: "once a day in the morning with food", Prescriber: "Dr Amira Okonkwo-Lindqvist", StartDate: "2024-01-10"}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, h.Server.URL)
	tab := "/clients/" + c.ID + "?tab=clinical"
	run(t, ctx, "opening the add-diagnosis form",
		chromedp.Navigate(h.Server.URL+tab+"&add=diagnosis"),
		chromedp.WaitVisible(chromedp.CSS(`#f-code[role=combobox]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-code`), "generalized anx"),
		chromedp.WaitVisible(chromedp.CSS(`#f-code-list [role=option]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-code`), kb.ArrowDown),
	)
	if ad := get(t, ctx, "the highlighted option", chromedp.AttributeValue(chromedp.CSS(`#f-code`), "aria-activedescendant")); ad.Value != "f-code-opt-0" {
		t.Fatalf("after ArrowDown: aria-activedescendant %q, want the first option", ad.Value)
	}
	run(t, ctx, "choosing with Enter", chromedp.SendKeys(chromedp.CSS(`#f-code`), kb.Enter))
	if v := get(t, ctx, "the chosen code", chromedp.Value(chromedp.CSS(`#f-code`))); v != "F41.1" {
		t.Fatalf("code field after choosing with the keyboard: %q, want F41.1", v)
	}
	if exp := get(t, ctx, "combobox state", chromedp.AttributeValue(chromedp.CSS(`#f-code`), "aria-expanded")); exp.Value != "false" {
		t.Errorf("aria-expanded after choosing: %q", exp.Value)
	}
	checkAxe(t, ctx)
	run(t, ctx, "saving",
		chromedp.Click(chromedp.CSS(`#diagnosis-form button.primary`)),
		// The page before the save has #diagnoses too: wait for the saved page's notice.
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	mustContain(t, "the new diagnosis", textOf(t, ctx, "#diagnoses"), "F41.1 Generalized anxiety disorder")
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	for _, path := range []string{tab, tab + "&add=diagnosis", tab + "&add=medication", tab + "&edit=summary"} {
		checkNarrow(t, ctx, h.Server.URL, path)
		checkAxe(t, ctx)
	}
}
