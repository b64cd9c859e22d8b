// Package docpdf renders a completed or signed document as a PDF, in pure Go (issue 6, item 6): the
// practice's name, the client's name (legal when the template asks for it), each question with its
// answer, the score, and the signature block with the content's SHA-256. The Go fonts are embedded, so
// any Latin, Greek or Cyrillic name prints as typed; other scripts print with the installation's or the
// system's fonts when they have the characters (see Fonts), and a character no font has prints as □.
package docpdf

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"tend/internal/model"
)

// Document is what goes on the PDF.
type Document struct {
	Practice   string
	ClientName string
	Locale     model.Locale // the practice's time zone and date format, for dates (CL-11)
	Request    model.DocumentRequest
	Generated  time.Time
	// Fonts finds fonts for characters the Go fonts lack; nil uses the Go fonts alone.
	Fonts *Fonts
}

// Render makes the PDF. Should a fallback font fail in the PDF library, the PDF is made again with the
// Go fonts alone (those characters then print as □): text Tend accepted never fails the PDF.
func Render(d Document) ([]byte, error) {
	return withFallback(d.Fonts, "request", d.Request.ID, func(fonts *Fonts, useFallbacks bool) ([]byte, error) {
		return render(d, fonts, useFallbacks)
	})
}

// withFallback draws a PDF with the fallback fonts and, should the PDF library fail on one, again with the
// Go fonts alone; record and id name what is drawn in the warning (ids only).
func withFallback(fonts *Fonts, record, id string, draw func(fonts *Fonts, useFallbacks bool) ([]byte, error)) ([]byte, error) {
	if fonts == nil {
		fonts = NewFonts(FontOptions{})
	}
	b, err := draw(fonts, true)
	if err != nil {
		fonts.log.Warn("pdf fonts: the PDF failed with a fallback font; made again with the Go fonts alone", record, id, "err", err)
		b, err = draw(fonts, false)
	}
	return b, err
}

func render(d Document, fonts *Fonts, useFallbacks bool) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("docpdf: the PDF library failed: %v", v)
		}
	}()
	r := d.Request
	pdf, g, text := startA4(fonts, useFallbacks, r.TemplateName, d.Generated, fmt.Sprintf("%s · %s", d.Practice, r.TemplateName))
	drawRequest(pdf, g, text, d)
	return output(pdf)
}

// drawRequest draws the record on pdf from where it stands, in a text column of width text.
func drawRequest(pdf *fpdf.Fpdf, g *writer, text float64, d Document) {
	loc, r := d.Locale, d.Request
	line := func(style string, size float64, s string) {
		g.text(style, size, size*0.5, text, s)
	}
	pdf.SetTextColor(30, 40, 45)
	line("B", 11, d.Practice)
	pdf.Ln(2)
	line("B", 16, r.TemplateName)
	pdf.Ln(1)
	meta := []string{"Client: " + d.ClientName}
	if r.MemberName != "" && r.MemberName != d.ClientName {
		meta = append(meta, "Completed by: "+r.MemberName)
	}
	meta = append(meta, fmt.Sprintf("Version %d · requested %s", r.Version, loc.Date(r.RequestedAt)))
	if !r.CompletedAt.IsZero() {
		meta = append(meta, "Completed "+zoned(loc, r.CompletedAt))
	}
	pdf.SetTextColor(70, 78, 84)
	line("", 10, strings.Join(meta, "\n"))
	pdf.SetTextColor(30, 40, 45)
	if r.Score != nil {
		pdf.Ln(3)
		line("B", 11, fmt.Sprintf("Score: %d — %s", *r.Score, r.Band))
		if r.Flag != "" {
			line("", 10, r.Flag)
		}
	}
	pdf.Ln(4)
	for _, f := range r.Fields {
		if f.Kind == model.FieldHeading {
			pdf.Ln(2)
			line("B", 12, f.Label)
			if f.Help != "" { // a heading's text, such as the consent's cancellation policy
				line("", 10, f.Help)
			}
			pdf.Ln(1)
			continue
		}
		if f.Kind == model.FieldSignature {
			continue // printed in the signature block
		}
		line("B", 10, f.Label)
		answer := r.Answers[f.ID]
		switch {
		case answer == "":
			answer = "—"
		case f.Kind == model.FieldDate:
			answer = loc.Day(answer)
		case f.Kind == model.FieldYesNo:
			answer = map[string]string{"yes": "Yes", "no": "No"}[answer]
		case f.Kind == model.FieldMultiple:
			answer = "• " + strings.ReplaceAll(answer, "\n", "\n• ")
		}
		line("", 10, answer)
		pdf.Ln(2)
	}
	if r.State == model.RequestSigned {
		pdf.Ln(4)
		pdf.SetDrawColor(150, 160, 165)
		x, y := pdf.GetXY()
		pdf.Line(x, y, x+text, y)
		pdf.Ln(3)
		line("B", 11, "Electronic signature")
		line("", 10, strings.Join([]string{
			"Signed by: " + r.SignerName,
			"Signed at: " + zoned(loc, r.SignedAt) + " (" + r.SignedAt.UTC().Format(time.RFC3339) + ")",
			"From IP address: " + r.SignerIP,
			"Portal account: " + r.SignerAccount,
			"SHA-256 of the signed content: " + r.ContentSHA256,
		}, "\n"))
	}
}

// zoned writes a moment in the practice's date format and time zone, with the zone's abbreviation, as
// a PDF may be read far from the practice.
func zoned(loc model.Locale, t time.Time) string {
	return loc.Time(t) + " " + loc.In(t).Format("MST")
}
