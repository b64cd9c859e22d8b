// Package plandiff compares two versions of a treatment plan (issue 15, item 2; TP-1): a readable
// word-level diff per section (the title, the diagnoses, each problem with its goals, objectives and
// interventions, the narrative, the review date), with the words added and removed. It is a pure function
// of the two contents: the same two versions always give the same diff.
package plandiff

import (
	"fmt"
	"strings"

	"tend/internal/model"
)

// Op says whether a span is in both versions, only the newer (inserted) or only the older (deleted).
type Op string

// The span operations.
const (
	Equal  Op = "equal"
	Insert Op = "insert"
	Delete Op = "delete"
)

// Span is a run of text with one operation. Text keeps its spaces and line breaks, so a page shows the
// spans one after another in a white-space: pre-wrap block.
type Span struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Stats counts the words added and removed; in a summary, Sections is how many sections changed.
type Stats struct {
	Added    int `json:"words_added"`
	Removed  int `json:"words_removed"`
	Sections int `json:"sections_changed,omitempty"`
}

// Section is the diff of one part of the plan. An unchanged section has Changed false and its text as one
// equal span, so a page can collapse it; a section empty in both versions has no spans.
type Section struct {
	// Name is "Title", "Diagnoses", "Problem 1", "Problem 2"…, "Narrative" or "Review date".
	Name string `json:"name"`
	// Heading is a problem's statement (the newer version's, or the older's when the problem was removed),
	// "" for the other sections.
	Heading string `json:"heading,omitempty"`
	Changed bool   `json:"changed"`
	Spans   []Span `json:"spans"`
	Stats   Stats  `json:"stats"`
}

// The section names.
const (
	SectionTitle      = "Title"
	SectionDiagnoses  = "Diagnoses"
	SectionNarrative  = "Narrative"
	SectionReviewDate = "Review date"
)

// Options change how the sections' text is written.
type Options struct {
	// Day writes a YYYY-MM-DD calendar day (the review and target dates), e.g. model.Locale.Day; nil
	// leaves it as it is.
	Day func(iso string) string
}

// Compare diffs version a (the older) against b (the newer), with dates as YYYY-MM-DD.
func Compare(a, b model.PlanContent) []Section { return Options{}.Compare(a, b) }

// Compare diffs version a (the older) against b (the newer), section by section: the title, the
// diagnoses, the problems matched by position, the narrative's Markdown source and the review date.
func (o Options) Compare(a, b model.PlanContent) []Section {
	out := []Section{
		section(SectionTitle, "", a.Title, b.Title),
		section(SectionDiagnoses, "", diagnoses(a.Diagnoses), diagnoses(b.Diagnoses)),
	}
	for i := range max(len(a.Problems), len(b.Problems)) {
		var ta, tb, heading string
		if i < len(a.Problems) {
			ta, heading = o.problem(a.Problems[i]), a.Problems[i].Statement
		}
		if i < len(b.Problems) {
			tb, heading = o.problem(b.Problems[i]), b.Problems[i].Statement
		}
		out = append(out, section(fmt.Sprintf("Problem %d", i+1), heading, ta, tb))
	}
	return append(out,
		section(SectionNarrative, "", a.Narrative, b.Narrative),
		section(SectionReviewDate, "", o.day(a.ReviewDate), o.day(b.ReviewDate)))
}

// Summary totals the words added and removed over the sections and counts the changed ones.
func Summary(sections []Section) Stats {
	var s Stats
	for _, sec := range sections {
		s.Added += sec.Stats.Added
		s.Removed += sec.Stats.Removed
		if sec.Changed {
			s.Sections++
		}
	}
	return s
}

// String is the one-line summary, e.g. "12 words added, 3 removed, in 2 sections".
func (s Stats) String() string {
	if s.Added == 0 && s.Removed == 0 && s.Sections == 0 {
		return "No changes"
	}
	out := fmt.Sprintf("%s added, %d removed", plural(s.Added, "word"), s.Removed)
	if s.Sections > 0 {
		out += ", in " + plural(s.Sections, "section")
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// section diffs one section's text.
func section(name, heading, a, b string) Section {
	s := Section{Name: name, Heading: heading}
	if a == b {
		if a != "" {
			s.Spans = []Span{{Op: Equal, Text: a}}
		}
		return s
	}
	s.Changed = true
	s.Spans = diffWords(a, b)
	for _, sp := range s.Spans {
		switch sp.Op {
		case Insert:
			s.Stats.Added += countWords(sp.Text)
		case Delete:
			s.Stats.Removed += countWords(sp.Text)
		}
	}
	return s
}

// diagnoses writes one diagnosis a line: its code, its description and the clinician's label.
func diagnoses(ds []model.PlanDiagnosis) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Code)
		if d.Description != "" {
			b.WriteString(" " + d.Description)
		}
		if d.Label != "" {
			b.WriteString(" (" + d.Label + ")")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// problem writes a problem as the diff shows it: the statement, each goal with its objectives, then the
// interventions as "modality — frequency — detail".
func (o Options) problem(p model.PlanProblem) string {
	var b strings.Builder
	b.WriteString(p.Statement + "\n")
	for i, g := range p.Goals {
		fmt.Fprintf(&b, "Goal %d: %s\n", i+1, g.Statement)
		for j, ob := range g.Objectives {
			fmt.Fprintf(&b, "  Objective %d.%d: %s", i+1, j+1, ob.Statement)
			if ob.TargetDate != "" {
				b.WriteString(" — by " + o.day(ob.TargetDate))
			}
			if m := MeasureText(ob.Measure); m != "" {
				b.WriteString(" — measured by " + m)
			}
			b.WriteString("\n")
		}
	}
	for _, iv := range p.Interventions {
		parts := []string{iv.Modality, iv.Frequency}
		if iv.Detail != "" {
			parts = append(parts, iv.Detail)
		}
		b.WriteString("Intervention: " + strings.Join(parts, " — ") + "\n")
	}
	return b.String()
}

// MeasureText writes an objective's measure, e.g. "PHQ-9 below 10 (from 18)"; "" for none.
func MeasureText(m *model.PlanMeasure) string {
	if m == nil {
		return ""
	}
	s := fmt.Sprintf("%s below %d", model.ScoringName(m.Scoring), m.Below)
	if m.Baseline != nil {
		s += fmt.Sprintf(" (from %d)", *m.Baseline)
	}
	return s
}

func (o Options) day(iso string) string {
	if iso == "" || o.Day == nil {
		return iso
	}
	return o.Day(iso)
}
