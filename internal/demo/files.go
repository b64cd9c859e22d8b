package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/go-pdf/fpdf"

	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/store"
)

// shareFiles puts two files on the portal client's chart (issue 17, item 2): a PDF handout the clinician
// uploads and shares after a recent session, and a drawing (a PNG) the client uploads from the portal a
// day later, which only they and staff see.
func (r *recorder) shareFiles(c model.Client, p model.Principal, sessions []time.Time) {
	if r.files == nil || len(sessions) == 0 {
		return
	}
	at := earlier(sessions[len(sessions)-1].Add(3*time.Hour), r.latest().Add(-2*time.Hour))
	r.plan(at, func(ctx context.Context) error {
		handout, err := handoutPDF()
		if err != nil {
			return err
		}
		_, err = r.files.Upload(ctx, p, c.ID, files.Upload{Name: "Grounding exercises handout.pdf", Content: bytes.NewReader(handout), Shared: true})
		return err
	})
	r.plan(earlier(at.Add(20*time.Hour), r.latest().Add(-time.Hour)), func(ctx context.Context) error {
		access, err := store.PortalAccessOfChart(ctx, r.files.Store.R(), c.ID)
		if err != nil {
			return err
		}
		for _, a := range access {
			if a.AccountID == "" || a.State != model.AccessActive {
				continue
			}
			drawing, err := drawingPNG()
			if err != nil {
				return err
			}
			pp := model.PortalPrincipal{AccountID: a.AccountID, Email: a.Email}
			_, err = r.files.PortalUpload(ctx, pp, a.ID, files.Upload{Name: "My calm place.png", Content: bytes.NewReader(drawing)})
			return err
		}
		return nil
	})
}

// handoutPDF is a one-page handout, a real PDF.
func handoutPDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Grounding exercises", true)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.Cell(0, 12, "Grounding exercises")
	pdf.Ln(16)
	pdf.SetFont("Helvetica", "", 12)
	for _, line := range []string{
		"5-4-3-2-1: name five things you see, four you can touch, three you hear, two you smell, one you taste.",
		"Box breathing: breathe in for four counts, hold for four, out for four, hold for four. Repeat four times.",
		"Feet on the floor: press your feet down, notice the ground holding you, and name where you are.",
		"Try one exercise each day this week, and note in a sentence how it went.",
	} {
		pdf.MultiCell(0, 7, line, "", "L", false)
		pdf.Ln(3)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("demo: handout: %w", err)
	}
	return b.Bytes(), nil
}

// drawingPNG is a small picture: a sun over hills.
func drawingPNG() ([]byte, error) {
	const w, h = 320, 200
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{170, 210, 240, 255} // sky
			dx, dy := x-250, y-50
			switch {
			case dx*dx+dy*dy < 30*30:
				c = color.RGBA{250, 200, 60, 255} // sun
			case y > 140+(x%80-40)*(x%80-40)/60:
				c = color.RGBA{90, 160, 90, 255} // hills
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("demo: drawing: %w", err)
	}
	return b.Bytes(), nil
}
