package docpdf

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"tend/internal/model"
)

// PlanDocument is one version of a treatment plan as its PDF shows it (issue 15, item 5): the practice,
// the client's legal name, the version's content, and its signatures with the hashes they signed.
type PlanDocument struct {
	Practice   string
	Locale     model.Locale // the practice's time zone and date format (CL-11)
	ClientName string       // the client's legal name
	ChartID    string
	// Version is the version printed: its number, author, time, content, SHA-256 and signatures. The
	// title printed is its content's.
	Version   model.PlanVersion
	Generated time.Time
	Fonts     *Fonts
}

// RenderPlan makes the PDF of a plan version; like Render, a failing fallback font falls back to the Go
// fonts.
func RenderPlan(d PlanDocument) ([]byte, error) {
	return withFallback(d.Fonts, "plan_version", d.Version.ID, func(fonts *Fonts, useFallbacks bool) ([]byte, error) {
		return renderPlan(d, fonts, useFallbacks)
	})
}

func renderPlan(d PlanDocument, fonts *Fonts, useFallbacks bool) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("docpdf: the PDF library failed: %v", v)
		}
	}()
	v := d.Version
	title := v.Content.Title
	if strings.TrimSpace(title) == "" {
		title = "Treatment plan"
	}
	pdf, g, text := startA4(fonts, useFallbacks, title, d.Generated, fmt.Sprintf("%s · treatment plan, version %d", d.Practice, v.Number))
	drawPlan(pdf, g, text, d, title)
	return output(pdf)
}

// drawPlan draws the record on pdf from where it stands, in a text column of width text.
func drawPlan(pdf *fpdf.Fpdf, g *writer, text float64, d PlanDocument, title string) {
	loc, v, c := d.Locale, d.Version, d.Version.Content
	// line draws s indented by indent millimetres.
	line := func(style string, size, indent float64, s string) {
		pdf.SetLeftMargin(18 + indent)
		g.text(style, size, size*0.5, text-indent, s)
		pdf.SetLeftMargin(18)
	}
	heading := func(s string) {
		pdf.Ln(3)
		line("B", 12, 0, s)
		pdf.Ln(1)
	}
	pdf.SetTextColor(30, 40, 45)
	line("B", 11, 0, d.Practice)
	pdf.Ln(2)
	line("B", 16, 0, title)
	pdf.Ln(1)
	meta := []string{"Client: " + d.ClientName}
	if d.ChartID != "" {
		meta = append(meta, "Chart: "+d.ChartID)
	}
	version := fmt.Sprintf("Version %d", v.Number)
	if v.AuthorName != "" {
		version += ", written by " + v.AuthorName
	}
	if !v.CreatedAt.IsZero() {
		version += ", " + zoned(loc, v.CreatedAt)
	}
	meta = append(meta, version)
	if c.ReviewDate != "" {
		meta = append(meta, "Review date: "+loc.Day(c.ReviewDate))
	}
	pdf.SetTextColor(70, 78, 84)
	line("", 10, 0, strings.Join(meta, "\n"))
	pdf.SetTextColor(30, 40, 45)

	heading("Diagnoses")
	if len(c.Diagnoses) == 0 {
		line("", 10, 0, "None named in this plan.")
	}
	for _, dg := range c.Diagnoses {
		s := dg.Code + " — " + dg.Description
		if dg.Label != "" {
			s += " (" + dg.Label + ")"
		}
		line("", 10, 0, s)
	}
	for i, p := range c.Problems {
		heading(fmt.Sprintf("Problem %d: %s", i+1, p.Statement))
		for j, gl := range p.Goals {
			pdf.Ln(1)
			line("B", 10, 4, fmt.Sprintf("Goal %d.%d: %s", i+1, j+1, gl.Statement))
			for k, o := range gl.Objectives {
				s := fmt.Sprintf("Objective %d.%d.%d: %s", i+1, j+1, k+1, o.Statement)
				if o.TargetDate != "" {
					s += "\nTarget date: " + loc.Day(o.TargetDate)
				}
				if m := o.Measure; m != nil {
					s += fmt.Sprintf("\nMeasured by %s: below %d", model.ScoringName(m.Scoring), m.Below)
					if m.Baseline != nil {
						s += fmt.Sprintf(" (from %d)", *m.Baseline)
					}
				}
				line("", 10, 8, s)
			}
		}
		if len(p.Interventions) > 0 {
			pdf.Ln(1)
			line("B", 10, 4, "Interventions")
			for _, iv := range p.Interventions {
				parts := []string{iv.Modality, iv.Frequency}
				if iv.Detail != "" {
					parts = append(parts, iv.Detail)
				}
				line("", 10, 8, "• "+strings.Join(parts, " — "))
			}
		}
	}
	if blocks := narrative(c.Narrative); len(blocks) > 0 {
		heading("Narrative")
		for _, b := range blocks {
			s, style := b.text, ""
			if b.marker != "" {
				s = b.marker + " " + s
			}
			if b.heading {
				style = "B"
				pdf.Ln(1)
			}
			line(style, 10, float64(b.level)*5, s)
			pdf.Ln(1)
		}
	}
	heading("Review date")
	if c.ReviewDate != "" {
		line("", 10, 0, loc.Day(c.ReviewDate))
	} else {
		line("", 10, 0, "None set.")
	}

	pdf.Ln(4)
	pdf.SetDrawColor(150, 160, 165)
	x, y := pdf.GetXY()
	pdf.Line(x, y, x+text, y)
	pdf.Ln(3)
	line("B", 11, 0, "Signatures")
	line("", 10, 0, "SHA-256 of this version's content: "+v.SHA256)
	if len(v.Signatures) == 0 {
		pdf.Ln(1)
		line("B", 10, 0, "Draft: this version is not signed.")
	}
	for _, s := range v.Signatures {
		pdf.Ln(2)
		rows := []string{
			"Signed by the " + signerRole(s.Role) + ": " + s.TypedName,
			"Signed at: " + zoned(loc, s.SignedAt) + " (" + s.SignedAt.UTC().Format(time.RFC3339) + ")",
			"SHA-256 of the signed content: " + s.SHA256,
		}
		if s.SHA256 != v.SHA256 {
			rows = append(rows, "This hash is not the version's: the signature does not cover this content.")
		}
		line("", 10, 0, strings.Join(rows, "\n"))
	}
}

func signerRole(role string) string {
	switch role {
	case model.PlanSignerClinician:
		return "clinician"
	case model.PlanSignerClient:
		return "client"
	}
	return role
}
