package docpdf

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// startA4 begins an A4 document with Tend's margins, the Go fonts, its title and dates, and a footer of
// footer and the page number on every page; it adds the first page. It answers the document, its text
// writer and the width of the text column in millimetres.
func startA4(fonts *Fonts, useFallbacks bool, title string, generated time.Time, footer string) (*fpdf.Fpdf, *writer, float64) {
	pdf := fpdf.New("P", "mm", "A4", "")
	g := newWriter(pdf, fonts, useFallbacks)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Tend", true)
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(18, 18, 18)
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(true, 18)
	width, _ := pdf.GetPageSize()
	text := width - 36
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetTextColor(90, 96, 100)
		g.oneLine("", 8, 5, text, fmt.Sprintf("%s · page %d", footer, pdf.PageNo()))
	})
	pdf.AddPage()
	return pdf, g, text
}

// output finishes a document: its bytes, or the first error the PDF library met.
func output(pdf *fpdf.Fpdf) ([]byte, error) {
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("docpdf: %w", err)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("docpdf: %w", err)
	}
	return b.Bytes(), nil
}
