package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The demo's clinical texts are made of small pieces written for Tend, combined at random so no two notes
// read alike. They describe fictional people; no sentence comes from a real record.

// profile is one kind of story a chart tells: its diagnoses, what brought the person in, what the
// sessions are about and the medications they might take.
type profile struct {
	code, label  string   // the primary diagnosis, and the clinician's own words for it ("" for none)
	secondary    []string // codes that may come with it
	resolved     string   // a code that applied at intake and was resolved during the year ("" for none)
	concerns     string
	history      []string
	themes       []string
	medications  []medication
	moodFrom, to int // the usual mood at intake and a year on, 0–10
}

type medication struct{ name, dose, frequency string }

var adultProfiles = []profile{
	{code: "F41.1", label: "Generalized anxiety disorder", secondary: []string{"F51.01"}, resolved: "F43.22",
		concerns:    "Constant worry about work and health that makes it hard to switch off in the evening; tense shoulders and headaches most days.",
		history:     []string{"First noticed worrying a lot at university.", "Saw a counsellor for six sessions about five years ago, which helped for a while."},
		themes:      []string{"worry about work deadlines", "trouble switching off at night", "tension before family visits", "asking the partner for reassurance", "a health scare that turned out to be nothing"},
		medications: []medication{{"Sertraline", "50 mg", "once daily"}, {"Hydroxyzine", "25 mg", "as needed for anxiety, up to twice a day"}},
		moodFrom:    4, to: 7},
	{code: "F32.1", label: "Major depressive disorder, single episode, moderate", secondary: []string{"Z56.0"},
		concerns:    "Low mood, poor sleep and loss of interest in friends since a job ended last winter.",
		history:     []string{"No earlier treatment for mood.", "A parent was treated for depression."},
		themes:      []string{"low energy and staying in bed", "getting back to a morning walk", "guilt about the lost job", "small wins with cooking again", "reconnecting with an old friend"},
		medications: []medication{{"Escitalopram", "10 mg", "once daily"}, {"Bupropion XL", "150 mg", "every morning"}},
		moodFrom:    3, to: 7},
	{code: "F43.10", label: "Posttraumatic stress disorder", secondary: []string{"F51.01"},
		concerns:    "Nightmares and startle since a car accident in the spring; avoids driving on the highway.",
		history:     []string{"Physically recovered from the accident's injuries.", "No earlier mental-health treatment."},
		themes:      []string{"nightmares after the accident", "avoiding the highway", "startling at loud noises", "grounding when memories intrude", "driving a short route with a friend"},
		medications: []medication{{"Prazosin", "1 mg", "at bedtime"}, {"Sertraline", "100 mg", "once daily"}},
		moodFrom:    3, to: 6},
	{code: "F43.23", label: "", secondary: []string{"Z63.0"},
		concerns:    "Struggling since a move to a new city and a separation; tearful and irritable.",
		history:     []string{"Coped well with earlier changes.", "Drinks a glass of wine most evenings; no other substance use."},
		themes:      []string{"settling into the new city", "the separation paperwork", "loneliness at weekends", "arguments about the children's schedule", "making one new friend at work"},
		medications: nil, moodFrom: 4, to: 7},
	{code: "F33.1", label: "Recurrent depression, moderate", secondary: []string{"F41.1"},
		concerns:    "Third episode of low mood in ten years; wants to learn to spot the early signs.",
		history:     []string{"Two earlier episodes, each treated with medication and a short course of therapy.", "Currently on medication from the family doctor."},
		themes:      []string{"early warning signs of a low spell", "a quieter weekend than planned", "pacing energy through the week", "self-criticism at work", "planning for the dark months"},
		medications: []medication{{"Fluoxetine", "20 mg", "once daily"}, {"Trazodone", "50 mg", "at bedtime as needed for sleep"}},
		moodFrom:    3, to: 6},
	{code: "F41.0", label: "Panic disorder", resolved: "F40.10",
		concerns:    "Sudden attacks of racing heart and breathlessness, several a week, mostly in shops and on buses.",
		history:     []string{"Heart checked by the family doctor: no physical cause found.", "Has started to avoid the supermarket."},
		themes:      []string{"a panic attack in the supermarket", "practising the feared sensations on purpose", "taking the bus two stops", "what the racing heart means", "staying in a busy café for ten minutes"},
		medications: []medication{{"Propranolol", "10 mg", "as needed before feared situations"}},
		moodFrom:    5, to: 8},
	{code: "F42.2", label: "Obsessive-compulsive disorder",
		concerns:    "Checking the stove and the locks for up to an hour before leaving home; late for work as a result.",
		history:     []string{"Checking began in the teenage years and grew worse under stress.", "No earlier treatment."},
		themes:      []string{"checking the locks before work", "leaving the stove check undone", "the doubt that comes after leaving", "a week with less checking", "telling the family about the plan"},
		medications: []medication{{"Fluvoxamine", "100 mg", "at bedtime"}},
		moodFrom:    4, to: 7},
}

var minorProfiles = []profile{
	{code: "F90.0", label: "ADHD, predominantly inattentive", secondary: []string{"Z63.8"},
		concerns:    "Parents and school report trouble finishing homework and following instructions; low confidence.",
		history:     []string{"Assessed by a paediatrician last year.", "Does well in sport and art."},
		themes:      []string{"a homework routine that works", "a report from the teacher", "losing things at school", "feeling different from classmates", "a good week at football"},
		medications: []medication{{"Methylphenidate ER", "18 mg", "every morning on school days"}},
		moodFrom:    5, to: 7},
	{code: "F93.0", label: "Separation anxiety",
		concerns: "Cries at school drop-off and asks to go home most mornings since the family moved.",
		history:  []string{"Settled easily at nursery.", "Sleeps in the parent's bed most nights."},
		themes:   []string{"mornings at the school gate", "a brave-steps chart", "a sleepover at a cousin's", "worry about the parent being ill", "a new friend in class"},
		moodFrom: 4, to: 7},
	{code: "F41.1", label: "Generalized anxiety disorder", resolved: "F43.22",
		concerns: "Worries about tests and friendships keep them awake; stomach aches on school days.",
		history:  []string{"Stomach aches checked by the family doctor: no physical cause.", "High marks, very hard on themselves."},
		themes:   []string{"worry about the maths test", "a falling-out in the friend group", "stomach aches on Monday mornings", "a worry time before dinner", "trying a new club"},
		moodFrom: 4, to: 8},
}

var (
	openers = []string{"Client talked about %s.", "Main topic today was %s.", "Client came in wanting to focus on %s.",
		"Most of the hour went to %s.", "Client brought up %s early in the session."}
	weekDetails = []string{"Said the week had more good days than bad ones.", "Described a hard weekend that ended better than expected.",
		"Has slept about six hours most nights.", "A talk with a sibling went well.", "Missed one day of work but caught up by Thursday.",
		"Found the practice exercises awkward at first, then easier.", "Brought a list of situations written down during the week.",
		"Appetite has been steadier.", "Did the homework on four of seven days."}
	presentations = []string{"Alert and oriented, casually dressed, good eye contact.", "Anxious at first, brighter by the end of the hour.",
		"Speech normal in rate and volume; describes mood as flat.", "Tearful when talking about family, calm otherwise.",
		"Engaged and on time; thinking clear and goal-directed.", "Restless in the chair at first; settled after the breathing exercise."}
	interventions = []string{"Reviewed the thought record and looked for balanced alternatives.", "Practised paced breathing and a five-senses grounding exercise.",
		"Planned three small rewarding activities for the coming week.", "Built the next step of the exposure ladder together.",
		"Weighed the pros and cons of change with motivational interviewing.", "Went through sleep habits and agreed on a fixed wake-up time.",
		"Rehearsed an assertive request in a role play.", "Explored values and how this week's choices fit them.",
		"Taught the opposite-action skill and when to use it."}
	responses = []string{"Client engaged well and summed up the skill in their own words.", "Found the exercise useful and wants to keep practising.",
		"Some doubt at first; agreed to try it twice before next time.", "Rated anxiety 7 before the exercise and 4 after it.",
		"Picked one situation this week to try the skill in."}
	progressNotes = []string{"Steady progress toward the treatment goals.", "Symptoms somewhat better than at the last session.",
		"Mood lower this week, linked to %s.", "Good use of coping skills between sessions.", "Gains are holding; the work can turn to keeping them."}
	risks = []string{"No thoughts of harming self or others reported; no safety concerns today.",
		"Risk reviewed: no thoughts of self-harm; protective factors are family and work.", "Safety plan reviewed and still fits; no current risk."}
	notePlans = []string{"Homework: one thought record a day.", "Practise the breathing twice a day and note the effect.",
		"Try the next exposure step at least three times.", "Keep the activity schedule and bring it next time.",
		"Ask the prescriber about the current dose at the next visit.", "Review the goals together in four weeks.",
		"Handed out the sleep diary (https://worksheets.example.org/sleep-diary-for-two-weeks-with-instructions)."}
	addenda = []struct{ reason, body string }{
		{"Late information", "Client phoned the next day: the homework sheet was lost. A new copy was handed over at reception."},
		{"Correction", "The plan should read every other day, not every day, as agreed in the session."},
		{"Coordination of care", "With the client's written consent, spoke with the family doctor about the sleep difficulties; no change to the plan."},
		{"Late information", "Client emailed to say the new evening routine is working and sleep is better."},
	}
	processNotes = []string{
		"My own reaction: I felt pulled to rescue when the argument came up. Bring this to supervision.",
		"Working idea: the avoidance protects against shame more than fear. Test it gently next time.",
		"The subject changes whenever the father is mentioned. Not ready yet; wait for an opening.",
		"Noticed my impatience with the slow pace today. The pace is the client's, not mine.",
	}
)

// pick returns one of xs.
func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// noteText writes the sections of a note of template key about theme. A draft may be half written.
func noteText(rng *rand.Rand, key, theme string, first, draft bool) map[string]string {
	opener := fmt.Sprintf(pick(rng, openers), theme)
	if first {
		opener = "Intake assessment. " + opener
	}
	progress := pick(rng, progressNotes)
	if strings.Contains(progress, "%s") {
		progress = fmt.Sprintf(progress, theme)
	}
	plan := pick(rng, notePlans) + " Next session as scheduled."
	var s map[string]string
	switch key {
	case "soap":
		s = map[string]string{"subjective": opener + " " + pick(rng, weekDetails), "objective": pick(rng, presentations),
			"assessment": progress + " " + pick(rng, risks), "plan": pick(rng, interventions) + " " + plan}
	case "dap":
		s = map[string]string{"data": opener + " " + pick(rng, weekDetails) + " " + pick(rng, presentations),
			"assessment": progress + " " + pick(rng, risks), "plan": plan}
	case "birp":
		s = map[string]string{"behavior": pick(rng, presentations) + " " + opener, "intervention": pick(rng, interventions),
			"response": pick(rng, responses), "plan": plan}
	default:
		s = map[string]string{"note": strings.Join([]string{opener, pick(rng, weekDetails), pick(rng, interventions), pick(rng, responses),
			pick(rng, risks), plan}, " ")}
	}
	if draft && len(s) > 1 && rng.IntN(2) == 0 { // a draft stopped halfway: its last section is still empty
		for _, k := range []string{"plan", "response"} {
			delete(s, k)
		}
	}
	return s
}

// reflectionTexts are what a clinician writes for the client to read in the portal (Markdown).
var reflectionTexts = []struct{ title, body string }{
	{"What we talked about today", "## Things to remember\n\n- A worry is a signal, not an order.\n- Breathe in for four, hold for two, out for six.\n\n" +
		"You did real work today. **Try the breathing twice a day**, on good days too, so it is ready when you need it."},
	{"Your plan for the next weeks", "Here are the steps we agreed on:\n\n1. Keep the same wake-up time every day, weekends included.\n" +
		"2. One small thing you enjoy each day, written in the planner.\n3. Bring the planner next time, even if it is half empty.\n\n" +
		"Half empty is still information. There is no way to fail this.\n\n" +
		"The planner sheet is at https://worksheets.example.org/activity-planner-for-low-mood-and-energy-two-week-version"},
	{"A first draft of your relapse plan", "Early signs we noticed together:\n\n- sleeping later than usual\n- cancelling plans\n\n" +
		"_We will finish this together before it is shared._"},
}
