package overview

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Documents is what waits on the chart: sent and not finished, finished and not reviewed.
type Documents struct {
	Open           []model.DocumentRequest // oldest request first; no answers
	OpenMore       int                     // how many more than shown
	Unreviewed     []model.DocumentRequest // flagged first, then the oldest finished
	UnreviewedMore int
}

// Empty reports whether nothing waits.
func (d Documents) Empty() bool { return len(d.Open) == 0 && len(d.Unreviewed) == 0 }

// Series is one assessment's scores of one person, for the latest score and its trend.
type Series struct {
	TemplateID string
	Name       string // the assessment's name
	MemberName string // on a couple or family chart, whose scores these are
	Max        int    // the highest score the assessment has (27 for the PHQ-9)
	Points     []Point
}

// Point is one finished, scored document.
type Point struct {
	RequestID string
	Score     int
	Band      string // the severity band, "" when the assessment has none
	Flag      string
	At        time.Time // when it was finished
}

// Latest is the newest score.
func (s Series) Latest() Point { return s.Points[len(s.Points)-1] }

// Change is the newest score minus the one before it; ok is false with one score.
func (s Series) Change() (delta int, previous Point, ok bool) {
	if len(s.Points) < 2 {
		return 0, Point{}, false
	}
	previous = s.Points[len(s.Points)-2]
	return s.Latest().Score - previous.Score, previous, true
}

// documents fills the scores, documents and flagged-document blocks for those who may read documents'
// content (never billing), in two statements whatever the number of documents.
func (s *Service) documents(ctx context.Context, p model.Principal, o *Overview) error {
	if !authz.PracticeWide(p, authz.View, authz.DocumentRequests) {
		return nil
	}
	o.CanSendDocuments = o.Chart.CanChange && o.Chart.State == model.StateActive && authz.PracticeWide(p, authz.Change, authz.DocumentRequests)
	w, err := store.WaitingDocumentsOfChart(ctx, s.Store.R(), o.Chart.ID, DocumentsLimit)
	if err != nil {
		return fmt.Errorf("overview: %w", err)
	}
	o.ShowsDocuments = true
	o.Documents = Documents{Open: w.Open, OpenMore: w.OpenTotal - len(w.Open), Unreviewed: w.Unreviewed,
		UnreviewedMore: w.UnreviewedTotal - len(w.Unreviewed)}
	listed := 0
	for _, r := range w.Unreviewed {
		if r.Flag != "" {
			listed++
			o.Flags = append(o.Flags, Flag{Kind: FlagDocument, Text: docName(r) + ": " + r.Flag, RecordID: r.ID})
		}
	}
	if more := w.FlaggedTotal - listed; more > 0 {
		o.Flags = append(o.Flags, Flag{Kind: FlagDocument, Text: fmt.Sprintf("%d more flagged documents wait for review.", more)})
	}
	hist, err := store.ScoreHistoryOfChart(ctx, s.Store.R(), o.Chart.ID, PointsPerSeries)
	if err != nil {
		return fmt.Errorf("overview: %w", err)
	}
	o.ShowsScores, o.Scores = true, scoreSeries(hist)
	return nil
}

// docName names a document with whom it is for on a couple or family chart.
func docName(r model.DocumentRequest) string {
	if r.MemberName != "" {
		return r.TemplateName + " · " + r.MemberName
	}
	return r.TemplateName
}

// scoreSeries groups scores, already ordered by assessment and person and oldest first, into series
// named by their newest document, sorted by name.
func scoreSeries(hist []model.DocumentRequest) []Series {
	var out []Series
	for i, r := range hist {
		if i == 0 || r.TemplateID != hist[i-1].TemplateID || r.MemberPersonID != hist[i-1].MemberPersonID {
			out = append(out, Series{TemplateID: r.TemplateID})
		}
		s := &out[len(out)-1]
		s.Name, s.MemberName = r.TemplateName, r.MemberName
		s.Max = max(s.Max, model.ScoreMax(r.Scoring), *r.Score)
		s.Points = append(s.Points, Point{RequestID: r.ID, Score: *r.Score, Band: r.Band, Flag: r.Flag, At: r.CompletedAt})
	}
	slices.SortStableFunc(out, func(a, b Series) int {
		return strings.Compare(a.Name+"\x00"+a.MemberName, b.Name+"\x00"+b.MemberName)
	})
	return out
}
