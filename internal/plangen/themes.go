package plangen

import (
	"strings"
	"unicode"

	"tend/internal/model"
)

// A theme is a concern the chart's free text mentions, found by keyword. The free text itself is never
// copied into a draft or sent anywhere: only the theme's label is, and only its own wording is used.
type theme struct {
	key    string
	label  string   // what the language model is told: "sleep problems"
	words  []string // lower-case word beginnings that mention it
	obj    objective
	iv     model.PlanIntervention
	always bool   // included at every length (safety)
	unless string // a family key that already covers the theme
}

// themes, in the order drafts add them; safety first, always.
var themes = []theme{
	{
		key: "safety", label: "thoughts of self-harm or suicide mentioned", always: true,
		words: []string{"suicid", "self-harm", "self harm", "selfharm", "kill myself", "end my life", "want to die", "overdos", "cutting", "hopeless"},
		obj:   o(1, "make a written safety plan with warning signs, coping steps, people and services to contact, and review it at every session"),
		iv:    iv("Safety planning and risk review", "Every session", "Collaborative safety plan, including making means less accessible"),
	},
	{
		key: "sleep", label: "sleep problems", unless: "insomnia",
		words: []string{"sleep", "insomnia", "nightmare", "awake at night", "exhaust"},
		obj:   o(6, "keep a steady wake time and a short wind-down routine on at least five nights a week"),
		iv:    iv("Sleep-focused strategies", "As needed", "Sleep diary and routines"),
	},
	{
		key: "work", label: "work or study stress", unless: "work",
		words: []string{"work", "job", "boss", "career", "unemploy", "school", "study", "studies", "college", "universit", "burnout"},
		obj:   o(8, "take one concrete step each week on the work or study difficulty that matters most"),
		iv:    iv("Problem-solving therapy", "As needed", "Work or study demands"),
	},
	{
		key: "relationships", label: "relationship or family conflict", unless: "relational",
		words: []string{"partner", "marriage", "married", "divorc", "separat", "spouse", "husband", "wife", "boyfriend", "girlfriend", "argument", "conflict"},
		obj:   o(8, "use an agreed calm-down and repair step in at least two disagreements with people close to {them}"),
		iv:    iv("Communication skills", "As needed", "Conflict and repair in close relationships"),
	},
	{
		key: "grief", label: "bereavement", unless: "grief",
		words: []string{"grief", "grieving", "bereave", "passed away", "died", "funeral", "widow"},
		obj:   o(10, "set aside regular time to remember the person who died and share the loss with someone close"),
		iv:    iv("Grief work", "As needed", "Making room for the loss"),
	},
	{
		key: "substances", label: "alcohol or drug use", unless: "alcohol",
		words: []string{"alcohol", "drinking", "drunk", "drugs", "cannabis", "marijuana", "weed", "cocaine", "pills"},
		obj:   o(4, "keep a weekly record of alcohol or drug use to see how it relates to mood"),
		iv:    iv("Screening and brief intervention", "Early sessions", "Alcohol and drug use"),
	},
	{
		key: "isolation", label: "loneliness or withdrawal", unless: "social-environment",
		words: []string{"lonely", "loneliness", "isolat", "withdrawn", "no friends"},
		obj:   o(8, "make contact with at least one person or group each week"),
		iv:    iv("Behavioural activation", "As needed", "Planned social contact"),
	},
	{
		key: "trauma", label: "past trauma", unless: "ptsd",
		words: []string{"trauma", "abuse", "assault", "flashback", "accident"},
		obj:   o(6, "learn two grounding skills for moments when painful memories come up"),
		iv:    iv("Trauma-informed care", "Throughout", "Pacing, choice and grounding"),
	},
	{
		key: "parenting", label: "parenting stress", unless: "child-upbringing",
		words: []string{"parenting", "my child", "my son", "my daughter", "my kids", "toddler", "teenager"},
		obj:   o(8, "try one agreed parenting strategy each week and note how it goes"),
		iv:    iv("Parenting support", "As needed", "Strategies and caregiver stress"),
	},
}

// negations before a keyword that mean it is not a concern ("denies suicidal ideation").
var negations = []string{"denies", "denied", "deny", "no ", "not ", "never ", "without", "negative for"}

// findThemes lists the themes the text mentions, in table order.
func findThemes(texts ...string) []theme {
	text := strings.ToLower(strings.Join(texts, "\n"))
	var out []theme
	for _, th := range themes {
		if mentions(text, th.words) {
			out = append(out, th)
		}
	}
	return out
}

// mentions reports whether one of words starts a word in text, not just after a negation in the same
// sentence part.
func mentions(text string, words []string) bool {
	for _, w := range words {
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			if i > 0 && isLetter(text[:i]) {
				continue
			}
			if negated(text[:i]) {
				continue
			}
			return true
		}
	}
	return false
}

// isLetter reports whether the text before a match ends in a letter (so the match is inside a word).
func isLetter(before string) bool {
	r := []rune(before)
	return unicode.IsLetter(r[len(r)-1])
}

// negated reports whether the clause before a match holds a negation within a few words.
func negated(before string) bool {
	if i := strings.LastIndexAny(before, ".;!?\n"); i >= 0 {
		before = before[i+1:]
	}
	if len(before) > 30 {
		before = before[len(before)-30:]
	}
	before = " " + before
	for _, n := range negations {
		if strings.Contains(before, " "+n) {
			return true
		}
	}
	return false
}
