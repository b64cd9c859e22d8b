package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/testdb"
)

// lastFileLink finds pattern's first group in the newest .eml Tend saved in dir (no mail server set up),
// soft line breaks of quoted-printable undone.
func lastFileLink(t *testing.T, dir string, pattern *regexp.Regexp) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for i := len(files) - 1; i >= 0; i-- {
		b, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if m := pattern.FindStringSubmatch(strings.ReplaceAll(string(b), "=\r\n", "")); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no message in %s matches %s", dir, pattern)
	return ""
}

// Issue 13, items 8, 11 and 17 through the pages, without a mail server (DC-4, DC-6, PT-9, TR-3):
// the notification reads "Saved to file (no mail server)"; the crisis text setting refuses 2,001
// characters next to the field, keeping them, and saves the practice's own; the client who answers item 9
// above "Not at all" sees it right after submitting; staff read each chosen option in words with its
// points and the total; unticking every box of a multiple choice clears the saved answer.
func TestReadableAnswersAndCrisisPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		var mailDir string
		h := apptest.NewConfigured(t, d, func(c *config.Config) { mailDir = c.MailDir() })
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ada"}, "last_name": {"Lovelace"}}))
		m := personField.FindStringSubmatch(string(c.Get("/clients/" + ada + "?tab=portal").Body))
		c.Post("/clients/"+ada+"/portal/invite", url.Values{"person_id": {m[1]}, "email": {"ada@example.net"}, "features": {"documents"}})
		h.RunJobs()
		p := h.Client()
		p.Post("/portal/register", url.Values{"token": {lastFileLink(t, mailDir, portalInvite)}, "password": {apptest.StrongPassword},
			"password_again": {apptest.StrongPassword}})

		// The practice's crisis text: 2,001 characters are refused next to the field and kept; its own is saved.
		settings := string(c.Get("/settings/practice").Body)
		if !strings.Contains(settings, `id="f-crisis_text"`) || !strings.Contains(settings, "988 Suicide &amp; Crisis Lifeline") {
			t.Fatal("the practice settings have no crisis text, or do not show the US default")
		}
		form := url.Values{"name": {"Harbor Counseling"}, "time_zone": {"America/Chicago"}, "idle_timeout_minutes": {"15"},
			"crisis_text": {strings.Repeat("x", 2001)}}
		r := c.Post("/settings/practice", form)
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="f-crisis_text-error">[^<]*2,000`).MatchString(body) ||
			!strings.Contains(body, ">"+strings.Repeat("x", 2001)+"</textarea>") {
			t.Fatalf("a crisis text of 2,001 characters: %d", r.StatusCode)
		}
		own := "Call the Lakeside crisis line at 555-0100, day or night."
		form.Set("crisis_text", own)
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the crisis text: %d %s", r.StatusCode, r.Body)
		}
		if !strings.Contains(string(c.Get("/settings/practice").Body), ">"+own+"</textarea>") {
			t.Fatal("the saved crisis text is not shown")
		}

		// Request a PHQ-9 and the release of information with a notification: without a mail server it is
		// saved to a file, and the chart says so in words.
		manage := string(c.Get("/clients/" + ada + "/documents").Body)
		ids := map[string]string{}
		for _, mm := range regexp.MustCompile(`name="template_id" value="([0-9a-f-]{36})"> ([^<]+?) <`).FindAllStringSubmatch(manage, -1) {
			ids[mm[2]] = mm[1]
		}
		c.Post("/clients/"+ada+"/documents", url.Values{"template_id": {ids["PHQ-9 (depression)"], ids["Release of information"]}, "op": {"save_notify"}})
		h.RunJobs()
		if tab := string(c.Get("/clients/" + ada + "?tab=portal").Body); !strings.Contains(tab, `<td data-label="Notification">Saved to file (no mail server)</td>`) {
			t.Fatal("the Portal tab does not name the notification's state for people")
		}
		if log := string(c.Get("/settings/mail").Body); strings.Contains(log, ">written<") || !strings.Contains(log, "Saved to file (no mail server)") {
			t.Fatal("the mail log does not name the state for people")
		}

		docs := map[string]string{}
		home := p.Get(p.Get("/portal").Header.Get("Location"))
		for _, dd := range regexp.MustCompile(`href="/portal/d/([0-9a-f-]{36})">([^<]+)</a>`).FindAllStringSubmatch(string(home.Body), -1) {
			docs[strings.SplitN(dd[2], " — ", 2)[0]] = dd[1]
		}
		phq, roi := docs["PHQ-9 (depression)"], docs["Release of information"]

		// Unticking every box of a multiple choice clears what was saved: the form sends the question empty.
		page := string(p.Get("/portal/d/" + roi).Body)
		if !strings.Contains(page, `<input type="hidden" name="a.information" value="">`) {
			t.Fatal("the multiple choice sends nothing when no box is ticked")
		}
		p.Post("/portal/d/"+roi, url.Values{"a.information": {"", "Diagnosis"}, "a.recipient": {"Dr. Byron"}, "op": {"save"}})
		if page := string(p.Get("/portal/d/" + roi).Body); !strings.Contains(page, `value="Diagnosis" checked`) {
			t.Fatal("the ticked box was not saved")
		}
		r = p.Post("/portal/d/"+roi, url.Values{"a.information": {""}, "a.recipient": {"Dr. Byron"}, "a.purpose": {"Care"},
			"a.expires": {"2027-01-01"}, "a.revocable": {"yes"}, "full_name": {"Ada Lovelace"}, "confirm": {"on"}, "op": {"sign"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-a.information-error"`) {
			t.Fatalf("signing with every box unticked: %d", r.StatusCode)
		}

		// Partway through, staff see the points so far, not a total.
		p.Post("/portal/d/"+phq, url.Values{"a.item1": {"Several days"}, "op": {"save"}})
		if view := string(c.Get("/clients/" + ada + "/documents/" + phq).Body); !strings.Contains(view, "Points so far <strong>1</strong>") || strings.Contains(view, "Total <strong>") {
			t.Fatal("an unfinished assessment shows a total")
		}

		// The client answers item 9 above "Not at all": the crisis text is the first thing on the next page.
		answers := url.Values{"op": {"submit"}}
		points := []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}
		for i, v := range []int{1, 2, 0, 3, 1, 0, 0, 1, 2} {
			answers.Set("a.item"+string(rune('1'+i)), points[v])
		}
		r = p.Post("/portal/d/"+phq, answers)
		body = string(r.Body)
		crisis := strings.Index(body, `<section class="crisis" role="alert"`)
		if r.StatusCode != http.StatusOK || crisis < 0 || !strings.Contains(body, own) || strings.Index(body, "<h1>") < crisis {
			t.Fatalf("after a flagged submit: %d, crisis text at %d", r.StatusCode, crisis)
		}
		if strings.Contains(body, "can see it now") {
			t.Fatal("the crisis page promises the practice sees the answers now")
		}
		// Read back later, the document shows the chosen options in words; points are for the clinician.
		page = string(p.Get("/portal/d/" + phq).Body)
		if strings.Contains(page, `class="crisis"`) || !strings.Contains(page, `<li class="chosen"><span class="tick" aria-hidden="true">✓</span> <span class="visually-hidden">Answer: </span>Nearly every day</li>`) ||
			strings.Contains(page, "points") {
			t.Fatal("the client's finished document is not read back as answers")
		}

		// Staff read every answer with its points, and the total.
		view := string(c.Get("/clients/" + ada + "/documents/" + phq).Body)
		for _, want := range []string{
			`<p class="item-points">3 points</p>`,
			`<p class="item-points">1 point</p>`,
			`<li class="chosen"><span class="tick" aria-hidden="true">✓</span> <span class="visually-hidden">Answer: </span>More than half the days <span class="option-points">(2)</span></li>`,
			`<li class="not-chosen">Not at all <span class="option-points">(0)</span></li>`,
			`Total <strong>10 of 27</strong> · Moderate`,
			`<strong>10</strong> of 27 — Moderate`,
		} {
			if !strings.Contains(view, want) {
				t.Fatalf("the staff view lacks %s", want)
			}
		}
		if strings.Contains(view, " disabled") {
			t.Fatal("the staff view shows answers as disabled inputs")
		}
		// "Difficulty" was not asked of this client: it reads "Not answered", and scores nothing.
		if !regexp.MustCompile(`(?s)id="q-difficulty".*?Not answered`).MatchString(view) {
			t.Fatal("an unanswered question is not marked")
		}
		// And the alert was saved to a file as well, without clinical content.
		if log := string(c.Get("/settings/mail").Body); !strings.Contains(log, "A questionnaire needs your attention") {
			t.Fatal("no alert in the mail log")
		}
	})
}
