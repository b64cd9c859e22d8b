package plangen

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"tend/internal/model"
)

// words renders the library's phrases in a tone: professional (third person, full sentences),
// conversational (speaking to the client: "you will …") or clinical (terse chart shorthand).
type words struct{ tone string }

var (
	thirdPerson  = strings.NewReplacer("{they}", "they", "{their}", "their", "{them}", "them", "{self}", "themselves")
	secondPerson = strings.NewReplacer("{they}", "you", "{their}", "your", "{them}", "you", "{self}", "yourself")
)

// person fills the pronouns of a phrase.
func (w words) person(s string) string {
	if w.tone == ToneConversational {
		return secondPerson.Replace(s)
	}
	return thirdPerson.Replace(s)
}

// problem is a problem statement naming the diagnosis codes it answers.
func (w words) problem(f family, codes []string) string {
	list := strings.Join(codes, ", ")
	switch w.tone {
	case ToneConversational:
		s := "You have been dealing with " + w.person(f.problem) + "."
		if list != "" {
			s += " This part of the plan goes with " + list + "."
		}
		return s
	case ToneClinical:
		if list == "" {
			return f.terse
		}
		return f.terse + " Dx " + list + "."
	}
	s := capital(w.person(f.problem))
	if list != "" {
		s += " (" + list + ")"
	}
	return s + "."
}

// goal is a goal statement.
func (w words) goal(aim string) string {
	switch w.tone {
	case ToneConversational:
		return "You will " + w.person(aim) + "."
	case ToneClinical:
		return capital(w.person(aim)) + "."
	}
	return "The client will " + w.person(aim) + "."
}

// objective is an objective statement due in weeks.
func (w words) objective(act string, weeks int) string {
	switch w.tone {
	case ToneConversational:
		if weeks == 1 {
			return fmt.Sprintf("In the next week, you will %s.", w.person(act))
		}
		return fmt.Sprintf("In the next %s, you will %s.", weeksText(weeks), w.person(act))
	case ToneClinical:
		return fmt.Sprintf("By wk %d: %s.", weeks, w.person(act))
	}
	return fmt.Sprintf("Within %s, the client will %s.", weeksText(weeks), w.person(act))
}

// symptoms is what a scoring measures.
func symptoms(scoring string) string {
	if scoring == gad7 {
		return "anxiety"
	}
	return "depressive symptoms"
}

// scoreObjective is the statement of a measured objective: "PHQ-9 from 18 to below 10 within 12 weeks",
// or, from a score already below the target, staying there.
func (w words) scoreObjective(scoring string, from, below, weeks int) string {
	name := model.ScoringName(scoring)
	if from < below {
		switch w.tone {
		case ToneConversational:
			return fmt.Sprintf("You will keep your %s below %d (it is %d now) over the next %s.", name, below, from, weeksText(weeks))
		case ToneClinical:
			return fmt.Sprintf("Maintain %s below %d (currently %d) x %d wk.", name, below, from, weeks)
		}
		return fmt.Sprintf("Keep %s low: %s below %d (now %d) over the next %s.", symptoms(scoring), name, below, from, weeksText(weeks))
	}
	switch w.tone {
	case ToneConversational:
		return fmt.Sprintf("You will bring your %s from %d to below %d within %s; we will look at it together every four weeks.", name, from, below, weeksText(weeks))
	case ToneClinical:
		return fmt.Sprintf("%s from %d to below %d within %d wk.", name, from, below, weeks)
	}
	return fmt.Sprintf("Reduce %s: %s from %d to below %d within %s, rated every four weeks.", symptoms(scoring), name, from, below, weeksText(weeks))
}

// rateObjective asks for a first score where the practice uses an assessment the chart has none of.
func (w words) rateObjective(scoring string) string {
	name := model.ScoringName(scoring)
	switch w.tone {
	case ToneConversational:
		return fmt.Sprintf("You will fill in a %s now and every four weeks, so we can both see how things change.", name)
	case ToneClinical:
		return fmt.Sprintf("Obtain baseline %s; repeat q4 wk.", name)
	}
	return fmt.Sprintf("The client will complete a %s at the start and every four weeks so progress can be measured.", name)
}

// moodObjective is the session-mood objective from the recent average.
func (w words) moodObjective(avg float64) string {
	if avg >= 6 {
		switch w.tone {
		case ToneConversational:
			return fmt.Sprintf("You will keep your mood at sessions at 6 or more out of 10 on average (lately %.1f) over the next 8 weeks.", avg)
		case ToneClinical:
			return fmt.Sprintf("Maintain mean session mood ≥6/10 (recent mean %.1f) x 8 wk.", avg)
		}
		return fmt.Sprintf("The client's average mood rating at sessions will stay at 6 or more out of 10 (recently %.1f) over the next 8 weeks.", avg)
	}
	switch w.tone {
	case ToneConversational:
		return fmt.Sprintf("You will see your average mood at sessions rise from %.1f to 6 or more out of 10 in the next 8 weeks.", avg)
	case ToneClinical:
		return fmt.Sprintf("Mean session mood from %.1f to ≥6/10 within 8 wk.", avg)
	}
	return fmt.Sprintf("The client's average mood rating at sessions will rise from %.1f to 6 or more out of 10 within 8 weeks.", avg)
}

// themeGoal is the goal that gathers the concerns the free text raised.
func (w words) themeGoal(safety bool) string {
	aim := "work on the other concerns raised at assessment"
	if safety {
		aim = "stay safe and work on the other concerns raised at assessment"
	}
	return w.goal(aim)
}

// capital upper-cases the first letter.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
