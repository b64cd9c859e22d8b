package web

import (
	"fmt"
	"html/template"
	"strings"

	"tend/internal/model"
	"tend/internal/overview"
)

// overviewTab is the chart's Overview (CL-10) as the page shows it: the use case's blocks with their links.
type overviewTab struct {
	overview.Overview
	FlagLinks []linkedText
	ScoreRows []scoreRow
	NoteList  noteList // the latest notes
	DraftList noteList // drafts waiting for a signature
}

// noteList is a list of notes with their links and the locale their dates are written in.
type noteList struct {
	Rows []noteRow
	Loc  model.Locale
}

type noteRow struct {
	overview.Note
	URL string
}

// linkedText is a line of text with an optional link saying what to do about it.
type linkedText struct {
	Text, URL, LinkText string
}

// scoreRow is one assessment's latest score, its change from the one before and a small trend.
type scoreRow struct {
	overview.Series
	Latest    overview.Point
	URL       string        // the latest document
	Change    string        // "down 3 from 12 on …", or "" with one score
	Sparkline template.HTML // the trend of the latest scores, with its words for screen readers
}

// The chart's pages the Overview links to, in one place.
func docURL(chartID, requestID string) string {
	return "/clients/" + chartID + "/documents/" + requestID
}

func planURL(chartID, planID string) string {
	return "/clients/" + chartID + "/plans/" + planID
}

// newOverviewTab adds the links and drawings to an Overview; dates are written in the practice's locale.
func newOverviewTab(o overview.Overview, loc model.Locale) *overviewTab {
	t := &overviewTab{Overview: o}
	c := o.Chart
	for _, f := range o.Flags {
		l := linkedText{Text: f.Text}
		switch {
		case f.Kind == overview.FlagDocument && f.RecordID != "":
			l.URL, l.LinkText = docURL(c.ID, f.RecordID), "Open the document"
		case f.Kind == overview.FlagSetup && c.CanChange:
			step := c.SetupStep
			if step == "" {
				step = "account"
			}
			l.URL, l.LinkText = "/clients/"+c.ID+"/setup/"+step, "Resume setup"
		case f.Kind == overview.FlagNoGuardian && c.CanChange:
			l.URL, l.LinkText = "/clients/"+c.ID+"/contacts/new", "Add a contact"
		case f.Kind == overview.FlagTooFewMembers && c.CanChange:
			l.URL, l.LinkText = "/clients/"+c.ID+"/members/new", "Add a member"
		case f.Kind == overview.FlagPlanReview && f.RecordID != "":
			l.URL, l.LinkText = planURL(c.ID, f.RecordID), "Open the plan"
		case strings.Contains(f.Kind, "note") && f.RecordID != "":
			l.URL, l.LinkText = noteURL(c.ID, f.RecordID), "Open the note"
		}
		t.FlagLinks = append(t.FlagLinks, l)
	}
	for _, s := range o.Scores {
		row := scoreRow{Series: s, Latest: s.Latest(), URL: docURL(c.ID, s.Latest().RequestID)}
		if d, prev, ok := s.Change(); ok {
			date, _ := model.LocalDate(prev.At, loc)
			switch {
			case d < 0:
				row.Change = fmt.Sprintf("down %d from %d on %s", -d, prev.Score, date)
			case d > 0:
				row.Change = fmt.Sprintf("up %d from %d on %s", d, prev.Score, date)
			default:
				row.Change = fmt.Sprintf("same as on %s", date)
			}
		}
		row.Sparkline = sparkline(s)
		t.ScoreRows = append(t.ScoreRows, row)
	}
	t.NoteList, t.DraftList = noteList{Loc: loc}, noteList{Loc: loc}
	for _, n := range o.Notes {
		t.NoteList.Rows = append(t.NoteList.Rows, noteRow{n, noteURL(c.ID, n.ID)})
	}
	for _, n := range o.Drafts {
		t.DraftList.Rows = append(t.DraftList.Rows, noteRow{n, noteURL(c.ID, n.ID)})
	}
	return t
}

// The sparkline's size in its own units; it scales to its box.
const (
	sparkW, sparkH, sparkPad = 120.0, 32.0, 4.0
)

// sparkline draws a series' latest scores as a small line on the assessment's whole scale, the newest
// point marked; a screen reader hears the scores in words. One score draws nothing.
func sparkline(s overview.Series) template.HTML {
	if len(s.Points) < 2 {
		return ""
	}
	top := float64(max(s.Max, 1))
	var pts, words []string
	var lx, ly float64
	for i, p := range s.Points {
		lx = sparkPad + (sparkW-2*sparkPad)*float64(i)/float64(len(s.Points)-1)
		ly = sparkH - sparkPad - (sparkH-2*sparkPad)*float64(p.Score)/top
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", lx, ly))
		words = append(words, fmt.Sprint(p.Score))
	}
	label := fmt.Sprintf("Trend of the last %d scores, oldest first: %s", len(s.Points), strings.Join(words, ", "))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="sparkline" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, sparkW, sparkH, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e3e6e1"/>`, sparkH-sparkPad, sparkW, sparkH-sparkPad)
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#0b6b62" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`, strings.Join(pts, " "))
	fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#0b6b62"/></svg>`, lx, ly)
	return template.HTML(b.String()) // numbers we computed and escaped text only
}
