package docpdf

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"tend/internal/model"
)

// NoteDocument is a session note as its PDF shows it (issue 14, item 3): the note, its signature and
// co-signature, and the addenda after it.
type NoteDocument struct {
	Practice   string
	ClientName string
	Locale     model.Locale
	Note       model.Note
	Generated  time.Time
	Fonts      *Fonts
}

// RenderNote makes a session note's PDF; like Render, a failing fallback font falls back to the Go fonts.
func RenderNote(d NoteDocument) ([]byte, error) {
	return withFallback(d.Fonts, "note", d.Note.ID, func(fonts *Fonts, useFallbacks bool) ([]byte, error) {
		return renderNote(d, fonts, useFallbacks)
	})
}

func renderNote(d NoteDocument, fonts *Fonts, useFallbacks bool) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("docpdf: the PDF library failed: %v", v)
		}
	}()
	title := d.Note.TemplateName + " session note"
	pdf, g, text := startA4(fonts, useFallbacks, title, d.Generated, fmt.Sprintf("%s · %s", d.Practice, title))
	drawNote(pdf, g, text, d, title)
	return output(pdf)
}

// drawNote draws the record on pdf from where it stands, in a text column of width text.
func drawNote(pdf *fpdf.Fpdf, g *writer, text float64, d NoteDocument, title string) {
	loc, n := d.Locale, d.Note
	line := func(style string, size float64, s string) { g.text(style, size, size*0.5, text, s) }
	rule := func() {
		pdf.Ln(4)
		pdf.SetDrawColor(150, 160, 165)
		x, y := pdf.GetXY()
		pdf.Line(x, y, x+text, y)
		pdf.Ln(3)
	}
	pdf.SetTextColor(30, 40, 45)
	line("B", 11, d.Practice)
	pdf.Ln(2)
	line("B", 16, title)
	pdf.Ln(1)
	meta := []string{"Client: " + d.ClientName, "Date of service: " + loc.Day(n.ServiceDate)}
	if n.DurationMinutes > 0 {
		meta = append(meta, fmt.Sprintf("Duration: %d minutes", n.DurationMinutes))
	}
	if n.ServiceType != "" {
		meta = append(meta, "Service: "+n.ServiceType)
	}
	if n.Mood != nil {
		meta = append(meta, fmt.Sprintf("Mood score: %d of 10", *n.Mood))
	}
	meta = append(meta, "Author: "+n.AuthorName, "State: "+n.State.Label())
	pdf.SetTextColor(70, 78, 84)
	line("", 10, strings.Join(meta, "\n"))
	pdf.SetTextColor(30, 40, 45)
	pdf.Ln(4)
	for _, s := range n.Sections {
		line("B", 11, s.Label)
		body := s.Text
		if strings.TrimSpace(body) == "" {
			body = "—"
		}
		line("", 10, body)
		pdf.Ln(2)
	}
	if n.Signed() {
		rule()
		line("B", 11, "Electronic signature")
		line("", 10, strings.Join([]string{
			"Signed by: " + n.SignerName,
			"Signed at: " + zoned(loc, n.SignedAt) + " (" + n.SignedAt.UTC().Format(time.RFC3339) + ")",
			"SHA-256 of the signed content: " + n.ContentSHA256,
		}, "\n"))
		if !n.CosignedAt.IsZero() {
			pdf.Ln(2)
			line("B", 11, "Co-signature")
			line("", 10, "Co-signed by: "+n.CosignerName+"\nCo-signed at: "+zoned(loc, n.CosignedAt))
		} else if n.NeedsCosign {
			pdf.Ln(2)
			line("", 10, "Waiting for the supervisor's co-signature.")
		}
	}
	for i, a := range n.Addenda {
		rule()
		line("B", 11, fmt.Sprintf("Addendum %d", i+1))
		pdf.SetTextColor(70, 78, 84)
		line("", 10, "Reason: "+a.Reason+"\nBy "+a.AuthorName+", "+zoned(loc, a.CreatedAt))
		pdf.SetTextColor(30, 40, 45)
		pdf.Ln(1)
		line("", 10, a.Body)
	}
}
