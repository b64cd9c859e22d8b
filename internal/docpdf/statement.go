package docpdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"tend/internal/model"
)

// StatementDocument is a chart's statement (superbill) for a period (PY-1, issue 16, item 9): the
// practice, the client's legal name and date of birth, the diagnosis codes, and the ledger's entries
// dated in the period with the opening and closing balance.
type StatementDocument struct {
	Practice    string
	Locale      model.Locale
	ClientName  string // legal name
	DateOfBirth string // YYYY-MM-DD or ""
	ChartID     string
	From, To    string // YYYY-MM-DD
	Opening     int64  // the balance before From, in cents
	Entries     []model.LedgerEntry
	Diagnoses   []StatementCode
	Generated   time.Time
	Fonts       *Fonts
}

// StatementCode is an ICD-10-CM code and its official name.
type StatementCode struct{ Code, Name string }

// StatementLine is how a statement and the timeline describe an entry: a charge names its CPT code and
// service (its date, beside it, is the session's); a payment its method and reference; an adjustment its
// reason.
func StatementLine(e model.LedgerEntry) string {
	var s string
	switch e.Kind {
	case model.EntryCharge, model.EntryChargeReversal:
		s = e.ServiceName
		if e.ServiceCode != "" {
			s = e.ServiceCode + " " + s
		}
		if e.Reason == "no_show" {
			s = "No-show fee: " + s
		}
		if e.Kind == model.EntryChargeReversal {
			s = "Reversed: " + s
		}
	case model.EntryPayment, model.EntryPaymentVoid:
		s = "Payment, " + strings.ToLower(model.MethodLabel(e.Method))
		if e.Reference != "" {
			s += " (" + e.Reference + ")"
		}
		if e.Kind == model.EntryPaymentVoid {
			s = "Voided: " + s
		}
	default:
		s = "Adjustment: " + strings.ToLower(model.ReasonLabel(e.Reason))
		if e.Memo != "" {
			s += " (" + e.Memo + ")"
		}
	}
	return s
}

// RenderStatement makes a statement's PDF; like Render, a failing fallback font falls back to the Go fonts.
func RenderStatement(d StatementDocument) ([]byte, error) {
	return withFallback(d.Fonts, "chart", d.ChartID, func(fonts *Fonts, useFallbacks bool) ([]byte, error) {
		return renderStatement(d, fonts, useFallbacks)
	})
}

func renderStatement(d StatementDocument, fonts *Fonts, useFallbacks bool) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("docpdf: the PDF library failed: %v", v)
		}
	}()
	loc := d.Locale
	pdf, g, text := startA4(fonts, useFallbacks, "Statement", d.Generated, d.Practice+" · statement")
	line := func(style string, size float64, s string) { g.text(style, size, size*0.5, text, s) }
	pdf.SetTextColor(30, 40, 45)
	line("B", 11, d.Practice)
	pdf.Ln(2)
	line("B", 16, "Statement")
	pdf.Ln(1)
	meta := []string{"Client: " + d.ClientName}
	if d.DateOfBirth != "" {
		meta = append(meta, "Date of birth: "+loc.Day(d.DateOfBirth))
	}
	meta = append(meta, "Period: "+loc.Day(d.From)+" to "+loc.Day(d.To), "Printed: "+zoned(loc, d.Generated))
	pdf.SetTextColor(70, 78, 84)
	line("", 10, strings.Join(meta, "\n"))
	pdf.SetTextColor(30, 40, 45)
	pdf.Ln(3)
	line("B", 12, "Diagnosis codes (ICD-10-CM)")
	pdf.Ln(1)
	if len(d.Diagnoses) == 0 {
		line("", 10, "None recorded.")
	}
	for _, dx := range d.Diagnoses {
		if dx.Name == "" {
			line("", 10, dx.Code)
			continue
		}
		line("", 10, dx.Code+" — "+dx.Name)
	}
	pdf.Ln(3)
	line("B", 12, "Activity")
	pdf.Ln(1)
	// Columns: date, description, charges, payments and credits, balance; amounts set flush right.
	cols := []float64{26, 76, 24, 24, 24}
	row := func(style string, cells []string) {
		const size, h = 9.0, 4.6
		y := pdf.GetY()
		if y+h > 297-24 {
			pdf.AddPage()
			y = pdf.GetY()
		}
		x, lines := 18.0, 1
		for i, c := range cells {
			w := cols[i]
			wrapped := g.wrap(style, size, w-2, c)
			for j, l := range wrapped {
				pdf.SetLeftMargin(x)
				if i >= 2 {
					pdf.SetLeftMargin(x + w - g.width(style, size, l))
				}
				pdf.SetY(y + float64(j)*h)
				g.line(style, size, h, w, "L", false, l)
			}
			lines = max(lines, len(wrapped))
			x += w
		}
		pdf.SetLeftMargin(18)
		pdf.SetY(y + float64(lines)*h + 0.8)
	}
	row("B", []string{"Date", "Description", "Charges", "Payments", "Balance"})
	balance := d.Opening
	row("", []string{loc.Day(d.From), "Opening balance", "", "", loc.Money(balance)})
	var charged, paid int64
	for _, e := range d.Entries {
		balance += e.AmountCents
		charge, credit := "", ""
		if e.AmountCents >= 0 {
			charge, charged = loc.Money(e.AmountCents), charged+e.AmountCents
		} else {
			credit, paid = loc.Money(-e.AmountCents), paid-e.AmountCents
		}
		row("", []string{loc.Day(e.OnDate), StatementLine(e), charge, credit, loc.Money(balance)})
	}
	row("B", []string{loc.Day(d.To), "Closing balance", loc.Money(charged), loc.Money(paid), loc.Money(balance)})
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("docpdf: %w", err)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("docpdf: %w", err)
	}
	return b.Bytes(), nil
}
