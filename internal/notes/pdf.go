package notes

import (
	"context"

	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// PDF is a rendered note and the file name to offer.
type PDF struct {
	Bytes    []byte
	Filename string
}

// PDF renders a note with its signatures and addenda, for who may read its body; the export is audited.
func (s *Service) PDF(ctx context.Context, p model.Principal, chartID, noteID string) (PDF, error) {
	const action = "chart.note.pdf"
	v, err := s.view(ctx, s.Store.R(), p, chartID, noteID)
	if err != nil {
		return PDF{}, s.denied(ctx, p, action, chartID, err)
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return PDF{}, err
	}
	c, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, v.ChartID, false)
	if err != nil {
		return PDF{}, err
	}
	b, err := docpdf.RenderNote(docpdf.NoteDocument{Practice: pr.Name, ClientName: c.Name(), Locale: pr.Locale(), Note: v.Note,
		Generated: s.now(), Fonts: s.Fonts})
	if err != nil {
		return PDF{}, err
	}
	// The file name says what the note is, never whom it is about.
	return PDF{Bytes: b, Filename: "session-note-" + v.ServiceDate + ".pdf"}, s.recordRead(ctx, s.event(p, action, v.ChartID, v.ID))
}
