package plangen

import (
	"fmt"
	"strings"
	"time"

	"tend/internal/model"
)

// The narrative is Markdown limited to headings, lists and emphasis. Structured keeps it brief, since the
// plan's structured parts carry it; narrative tells the whole plan in prose under headings; bullets
// tells it as lists. Only the library's words, the diagnoses and the numbers appear in it: never the
// chart's free text.

// heads are the section headings of each tone.
type heads struct{ summary, problems, approach, measures, review string }

var toneHeads = map[string]heads{
	ToneProfessional:   {"Summary", "Problems and goals", "Approach", "Measuring progress", "Review"},
	ToneConversational: {"About this plan", "What we will work on", "How we will work together", "How we will know it is helping", "Looking back together"},
	ToneClinical:       {"Summary", "Problems", "Tx", "Measures", "Review"},
}

// narrative writes the plan's Markdown for the draft's format and length.
func (d *draft) narrative() string {
	h := toneHeads[d.o.Tone]
	var b strings.Builder
	section := func(title string) {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
			b.WriteString("\n")
		}
		b.WriteString("## " + title + "\n\n")
	}
	long := d.o.Length == LengthLong
	short := d.o.Length == LengthShort
	switch d.o.Format {
	case FormatNarrative:
		section(h.summary)
		b.WriteString(d.summaryProse() + "\n")
		section(h.problems)
		for _, p := range d.parts {
			b.WriteString("### " + capital(p.fam.name) + "\n\n")
			b.WriteString(d.problemProse(p, !short))
		}
		if !short {
			section(h.approach)
			b.WriteString(d.approachProse() + "\n")
		}
		if long && (len(d.scores) > 0 || len(d.mood) > 0) {
			section(h.measures)
			b.WriteString(d.measuresProse() + "\n")
		}
		section(h.review)
		b.WriteString(d.reviewProse() + "\n")
	case FormatBullets:
		section(h.summary)
		b.WriteString(d.summaryBullets())
		section(h.problems)
		for _, p := range d.parts {
			b.WriteString("### " + capital(p.fam.name) + "\n\n")
			b.WriteString(d.problemBullets(p, !short))
			b.WriteString("\n")
		}
		if !short {
			section(h.approach)
			for _, iv := range d.allInterventions() {
				line := "- **" + esc(iv.Modality) + "** — " + esc(iv.Frequency)
				if long && iv.Detail != "" {
					line += ": " + esc(iv.Detail)
				}
				b.WriteString(line + "\n")
			}
		}
		section(h.review)
		b.WriteString("- " + d.reviewProse() + "\n")
	default: // structured: a brief account; the structured parts carry the plan
		b.WriteString(d.summaryProse() + "\n")
		if !short {
			b.WriteString("\n" + d.approachProse() + "\n")
		}
		if long {
			if len(d.scores) > 0 || len(d.mood) > 0 {
				b.WriteString("\n" + d.measuresProse() + "\n")
			}
			b.WriteString("\n" + d.reviewProse() + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// summaryBullets is the opening section as a list.
func (d *draft) summaryBullets() string {
	var b strings.Builder
	label := map[string]string{ToneProfessional: "Diagnosis", ToneConversational: "Diagnosis", ToneClinical: "Dx"}[d.o.Tone]
	for _, dx := range d.dx {
		line := "- **" + label + ":** " + esc(strings.TrimSpace(dx.Code))
		if dx.Description != "" {
			line += " " + esc(oneLine(dx.Description))
		}
		b.WriteString(line + "\n")
	}
	if d.o.Tone == ToneConversational {
		b.WriteString("- **Focus:** " + d.names() + "\n")
	}
	for _, sc := range d.scores {
		b.WriteString("- " + d.scoreSentence(sc) + "\n")
	}
	if len(d.mood) > 0 {
		b.WriteString("- " + d.moodSentence() + "\n")
	}
	if len(d.themes) > 0 {
		b.WriteString("- " + d.themeSentence() + "\n")
	}
	return b.String()
}

// oneLine folds whitespace, so a description cannot start a Markdown block.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// dxList is the diagnoses as "F32.1 Major depressive disorder, single episode, moderate".
func (d *draft) dxList(sep string) string {
	var out []string
	for _, p := range d.parts {
		for _, c := range p.codes {
			out = append(out, esc(c))
		}
	}
	return strings.Join(out, sep)
}

// names lists the parts' names: "depression and generalized anxiety".
func (d *draft) names() string {
	var ns []string
	for _, p := range d.parts {
		ns = append(ns, p.fam.name)
	}
	return andList(ns)
}

func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// summaryProse is the opening paragraph.
func (d *draft) summaryProse() string {
	var s []string
	dx := d.dxList(", ")
	switch d.o.Tone {
	case ToneConversational:
		s = append(s, "This plan is about "+d.names()+". It sets out what you want to change, how we will work on it together and how we will both notice progress.")
	case ToneClinical:
		if dx != "" {
			s = append(s, "Dx: "+dx+".")
		}
		s = append(s, "Focus: "+d.names()+".")
	default:
		line := "This plan addresses " + d.names()
		if dx != "" {
			line += " (" + dx + ")"
		}
		s = append(s, line+", with measurable objectives and the interventions chosen for each problem.")
	}
	for _, sc := range d.scores {
		s = append(s, d.scoreSentence(sc))
	}
	if len(d.mood) > 0 {
		s = append(s, d.moodSentence())
	}
	if len(d.themes) > 0 {
		s = append(s, d.themeSentence())
	}
	return strings.Join(s, " ")
}

// scoreSentence says a latest score, its band and the change from the one before.
func (d *draft) scoreSentence(sc Score) string {
	name := model.ScoringName(sc.Scoring)
	band := strings.ToLower(sc.Band)
	change := ""
	if sc.Previous != nil {
		switch {
		case *sc.Previous > sc.Latest:
			change = fmt.Sprintf(", down from %d", *sc.Previous)
		case *sc.Previous < sc.Latest:
			change = fmt.Sprintf(", up from %d", *sc.Previous)
		default:
			change = ", unchanged"
		}
	}
	switch d.o.Tone {
	case ToneConversational:
		return fmt.Sprintf("Your latest %s was %d%s.", name, sc.Latest, change)
	case ToneClinical:
		return fmt.Sprintf("%s %d (%s)%s.", name, sc.Latest, band, change)
	}
	if band != "" {
		return fmt.Sprintf("The latest %s is %d, in the %s range%s.", name, sc.Latest, band, change)
	}
	return fmt.Sprintf("The latest %s is %d%s.", name, sc.Latest, change)
}

// moodSentence says the recent session mood.
func (d *draft) moodSentence() string {
	switch d.o.Tone {
	case ToneConversational:
		return fmt.Sprintf("Lately your mood at sessions has averaged %.1f out of 10.", d.moodAvg)
	case ToneClinical:
		return fmt.Sprintf("Mean session mood %.1f/10 (last %d).", d.moodAvg, len(d.mood))
	}
	return fmt.Sprintf("Session mood ratings have averaged %.1f out of 10 over the last %d sessions.", d.moodAvg, len(d.mood))
}

// themeSentence names the other concerns in the library's words (never the chart's).
func (d *draft) themeSentence() string {
	var labels []string
	safety := false
	for _, th := range d.themes {
		if th.always {
			safety = true
			continue
		}
		labels = append(labels, themeNames[th.key])
	}
	var s []string
	if safety {
		switch d.o.Tone {
		case ToneConversational:
			s = append(s, "Keeping you safe comes first, so we will make a safety plan together.")
		case ToneClinical:
			s = append(s, "Risk: safety plan in place; review each session.")
		default:
			s = append(s, "A written safety plan comes first and is reviewed at every session.")
		}
	}
	if len(labels) > 0 {
		switch d.o.Tone {
		case ToneConversational:
			s = append(s, "We will also make room for "+andList(labels)+".")
		case ToneClinical:
			s = append(s, "Also: "+strings.Join(labels, "; ")+".")
		default:
			s = append(s, "The plan also attends to "+andList(labels)+".")
		}
	}
	return strings.Join(s, " ")
}

// themeNames are how the narrative names a theme.
var themeNames = map[string]string{
	"sleep": "sleep", "work": "work or study stress", "relationships": "conflict in close relationships",
	"grief": "grief", "substances": "alcohol or drug use", "isolation": "loneliness",
	"trauma": "the effects of past trauma", "parenting": "the stress of parenting",
}

// problemProse tells one problem in a paragraph, then each goal and, unless brief, its objectives in a
// paragraph of its own.
func (d *draft) problemProse(p part, objectives bool) string {
	var b strings.Builder
	b.WriteString(esc(p.problem.Statement) + "\n\n")
	for _, g := range p.problem.Goals {
		s := []string{"*" + esc(g.Statement) + "*"}
		if objectives {
			for _, ob := range g.Objectives {
				s = append(s, esc(d.withDate(ob)))
			}
		}
		b.WriteString(strings.Join(s, " ") + "\n\n")
	}
	return b.String()
}

// problemBullets lists one problem, its goals and, unless brief, their objectives.
func (d *draft) problemBullets(p part, objectives bool) string {
	var b strings.Builder
	label := map[string][2]string{
		ToneProfessional:   {"Problem", "Goal"},
		ToneConversational: {"What is hard", "What you want"},
		ToneClinical:       {"Prob", "Goal"},
	}[d.o.Tone]
	b.WriteString("- **" + label[0] + ":** " + esc(p.problem.Statement) + "\n")
	for _, g := range p.problem.Goals {
		b.WriteString("- **" + label[1] + ":** " + esc(g.Statement) + "\n")
		if !objectives {
			continue
		}
		for _, ob := range g.Objectives {
			b.WriteString("  - " + esc(d.withDate(ob)) + "\n")
		}
	}
	return b.String()
}

// withDate is an objective's statement with its target date.
func (d *draft) withDate(ob model.PlanObjective) string {
	if ob.TargetDate == "" {
		return ob.Statement
	}
	s := strings.TrimSuffix(ob.Statement, ".")
	switch d.o.Tone {
	case ToneClinical:
		return s + " (by " + d.day(ob.TargetDate) + ")."
	case ToneConversational:
		return s + " (aiming for " + d.day(ob.TargetDate) + ")."
	}
	return s + " (target " + d.day(ob.TargetDate) + ")."
}

// allInterventions are the plan's interventions without repeats, in plan order.
func (d *draft) allInterventions() []model.PlanIntervention {
	var out []model.PlanIntervention
	seen := map[string]bool{}
	for _, p := range d.parts {
		for _, iv := range p.problem.Interventions {
			if !seen[iv.Modality] {
				seen[iv.Modality] = true
				out = append(out, iv)
			}
		}
	}
	return out
}

// approachProse names the interventions in a sentence.
func (d *draft) approachProse() string {
	var xs []string
	for _, iv := range d.allInterventions() {
		xs = append(xs, strings.ToLower(iv.Modality[:1])+iv.Modality[1:]+" ("+strings.ToLower(iv.Frequency)+")")
	}
	list := esc(andList(xs))
	switch d.o.Tone {
	case ToneConversational:
		return "Together we will use " + list + ". We will adjust the approach whenever something is not helping."
	case ToneClinical:
		return "Tx: " + list + "."
	}
	return "Treatment will use " + list + ", adjusted as progress is reviewed."
}

// measuresProse says how progress is measured.
func (d *draft) measuresProse() string {
	var names []string
	for _, sc := range d.scores {
		names = append(names, model.ScoringName(sc.Scoring))
	}
	if len(d.mood) > 0 {
		names = append(names, map[string]string{ToneConversational: "your mood rating at each session", ToneClinical: "session mood"}[d.o.Tone])
		if names[len(names)-1] == "" {
			names[len(names)-1] = "session mood ratings"
		}
	}
	switch d.o.Tone {
	case ToneConversational:
		return "We will look at " + andList(names) + " together and talk about what the numbers mean to you."
	case ToneClinical:
		return "Measures: " + strings.Join(names, ", ") + "; q4 wk."
	}
	return "Progress is measured with " + andList(names) + ", reviewed with the client every four weeks."
}

// reviewProse says when the plan is reviewed.
func (d *draft) reviewProse() string {
	when := "in about three months"
	if d.dated {
		when = "by " + d.day(d.today.AddDate(0, 0, reviewDays).Format(time.DateOnly))
	}
	switch d.o.Tone {
	case ToneConversational:
		return "We will look back at this plan together " + when + " and change it as needed."
	case ToneClinical:
		return "Review " + when + "."
	}
	return "The plan will be reviewed " + when + ", or sooner if needs change."
}

// mdSpecial escapes the characters that could make text into Markdown structure or HTML.
var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "`", "\\`", "#", `\#`, "|", `\|`)

// esc escapes text that did not come from the library (codes, descriptions).
func esc(s string) string { return mdSpecial.Replace(s) }
