package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 18, item 6 (IM-1, PT-2): in Chromium an owner goes Clients → Import, uploads a semicolon CSV in
// Windows-1252, keeps the proposed mapping, sees the preview (a bad date by row and column, a duplicate
// of a practice client with the choice to update it), imports, finds the summary once the job ran, and
// undoes it. axe-core checks the pages; the preview is checked at a phone's width.
// Proves IM-1, PT-2.
func TestImportInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup()
	first, last, email := "Olga", "Existing", "olga@example.org"
	if _, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email}); err != nil {
		t.Fatal(err)
	}
	csv := "Vorname;Nachname;E-Mail;Geburtsdatum;Guardian Name\r\n" +
		"J\xf6rg;M\xfcller;joerg@example.org;24.12.1970;\r\n" +
		"Lena;Kind;;01.02.2015;Anna Kind\r\n" +
		"Bad;Datum;bad@example.org;31.02.1990;\r\n" +
		"Olga;Existing;olga@example.org;05.05.1975;\r\n"
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := h.Server.URL
	signIn(t, ctx, base)
	run(t, ctx, "uploading from Clients → Import",
		chromedp.Navigate(base+"/clients"),
		chromedp.Click(chromedp.Search(`//a[.="Import"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{path}),
		chromedp.Click(chromedp.Search(`//button[.="Upload"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#col_0`)),
	)
	checkAxe(t, ctx)
	mustContain(t, "the mapping step", textOf(t, ctx, "main"), "Windows-1252")
	mustContain(t, "the mapping step", textOf(t, ctx, "main"), "Jörg")
	run(t, ctx, "the preview",
		chromedp.Click(chromedp.Search(`//button[.="Preview"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-problems`)),
	)
	checkAxe(t, ctx)
	mustContain(t, "the problems", textOf(t, ctx, "#import-problems"), "Geburtsdatum")
	mustContain(t, "the problems", textOf(t, ctx, "#import-problems"), "31.02.1990")
	mustContain(t, "the counts", textOf(t, ctx, "#import-counts"), "2 new clients (1 minor with")
	mustContain(t, "the first rows", textOf(t, ctx, "#import-first"), "1970-12-24")
	mustContain(t, "the duplicates", textOf(t, ctx, "#import-duplicates"), "olga@example.org")
	loc := get(t, ctx, "the preview's address", chromedp.Evaluate[string](`location.pathname`))
	checkNarrow(t, ctx, base, loc)
	run(t, ctx, "importing, updating the duplicate",
		chromedp.Navigate(base+loc),
		chromedp.WaitVisible(chromedp.CSS(`#import-duplicates input[name=update]`)),
		chromedp.Click(chromedp.CSS(`#import-duplicates input[name=update]`)),
		chromedp.Click(chromedp.CSS(`#import-now`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress`)),
	)
	h.RunJobs()
	run(t, ctx, "the summary",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`#import-summary`)),
	)
	checkAxe(t, ctx)
	mustContain(t, "the summary", textOf(t, ctx, "#import-summary"), "Imported: 2 new clients, 1 updated, 1 row skipped")
	run(t, ctx, "undo",
		chromedp.Click(chromedp.CSS(`#import-undo`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "This import was undone")]`)),
	)
	mustContain(t, "after undo", textOf(t, ctx, "main"), "The import was undone: 2 clients removed, 1 restored")
}
