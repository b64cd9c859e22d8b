package docpdf_test

import (
	"strings"
	"testing"
	"time"

	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/pdftest"
)

// Issue 13, item 4: a PDF writes its dates in the practice's date format and time zone: the request's
// day, the completion and signature times (a moment that is the day before in Chicago), and a date
// answer, which is a calendar day and is not moved by the time zone. A heading's text (the consent's
// cancellation policy, item 19) is printed under it.
// Proves CL-11, DC-5.
func TestRenderDatesInPracticeFormat(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 2, 3, 30, 0, 0, time.UTC) // 1 March, 21:30 in Chicago
	r := model.DocumentRequest{ID: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", TemplateName: "Release of information", Version: 1,
		Fields: []model.Field{{ID: "h", Kind: model.FieldHeading, Label: "Cancellation policy", Help: "Cancel a day ahead.\nOr pay the fee."},
			{ID: "expires", Kind: model.FieldDate, Label: "This permission ends on"}, {ID: "s", Kind: model.FieldSignature, Label: "Sign"}},
		Answers: map[string]string{"expires": "1991-04-17", "s": "Ada Lovelace"}, State: model.RequestSigned,
		RequestedAt: at, CompletedAt: at, SignedAt: at, SignerName: "Ada Lovelace", SignerIP: "203.0.113.7", SignerAccount: "acct",
		ContentSHA256: "ab12"}
	for _, tc := range []struct {
		format                 model.DateFormat
		day, moment, dateField string
	}{
		{model.DateUS, "requested 03/01/2026", "03/01/2026, 9:30 PM CST", "04/17/1991"},
		{model.DateDayFirst, "requested 01/03/2026", "01/03/2026, 21:30 CST", "17/04/1991"},
		{model.DateISO, "requested 2026-03-01", "2026-03-01, 21:30 CST", "1991-04-17"},
		{model.DateLong, "requested 1 Mar 2026", "1 Mar 2026, 21:30 CST", "17 Apr 1991"},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			b, err := docpdf.Render(docpdf.Document{Practice: "Harbor Counseling", ClientName: "Ada Lovelace", Request: r, Generated: at,
				Locale: model.NewLocale("America/Chicago", tc.format)})
			if err != nil {
				t.Fatal(err)
			}
			text, err := pdftest.Text(b)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{tc.day, "Completed " + tc.moment, "Signed at: " + tc.moment + " (2026-03-02T03:30:00Z)",
				tc.dateField, "Cancel a day ahead.", "Or pay the fee."} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF lacks %q; it reads:\n%s", want, text)
				}
			}
		})
	}
}
