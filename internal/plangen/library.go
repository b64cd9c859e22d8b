package plangen

import "tend/internal/model"

// The library the built-in generator assembles plans from, written by the Tend team. Phrases are written
// to read after "The client will …", "You will …" and "Client to …": {their}, {them} and {self} become
// "their", "them", "themselves", or "your", "you", "yourself" in the conversational tone.

// family is one diagnosis family: what the problem is, what the client works towards, and how.
type family struct {
	key      string
	name     string   // short name for titles and headings: "depression"
	prefixes []string // ICD-10-CM code prefixes without the dot; the longest match wins
	scorings []string // the assessments that measure it, most relevant first
	problem  string   // a noun phrase: what the client lives with
	terse    string   // the clinical tone's problem line
	goals    []goal
	ivs      []model.PlanIntervention
}

// goal is an aim with the measurable steps towards it.
type goal struct {
	aim  string // a verb phrase
	objs []objective
}

// objective is one step, done within weeks.
type objective struct {
	weeks int
	act   string // a verb phrase
}

func g(aim string, objs ...objective) goal { return goal{aim: aim, objs: objs} }
func o(weeks int, act string) objective    { return objective{weeks: weeks, act: act} }
func iv(modality, frequency, detail string) model.PlanIntervention {
	return model.PlanIntervention{Modality: modality, Frequency: frequency, Detail: detail}
}

const (
	phq9 = model.ScoringPHQ9
	gad7 = model.ScoringGAD7
)

// general is the problem of a chart with no diagnosis, or only ones the library does not know.
var general = family{
	key: "general", name: "overall well-being",
	scorings: []string{phq9, gad7},
	problem:  "stress and strain in daily life that affect {their} mood, relationships and routines",
	terse:    "Psychosocial stressors affecting mood and daily functioning.",
	goals: []goal{
		g("understand what keeps the current difficulties going and build steadier day-to-day coping",
			o(4, "name the two or three concerns that matter most and agree on how progress will be noticed"),
			o(8, "use one new coping skill on at least four days a week and note how it went"),
			o(12, "report a clear improvement in the concern that mattered most at the start")),
		g("strengthen routines and supports that protect well-being",
			o(6, "keep regular times for sleep, meals and movement on most days of the week"),
			o(10, "reconnect with at least one supportive person or activity each week")),
	},
	ivs: []model.PlanIntervention{
		iv("Individual psychotherapy", "Weekly", "Collaborative goal setting, problem solving and skills practice"),
		iv("Psychoeducation", "Early sessions", "How stress, mood and routines affect each other"),
		iv("Progress review", "Every four weeks", "Review goals and measures together and adjust the plan"),
	},
}

// families is the library, in the order plans list them when diagnoses do not say otherwise.
var families = []family{
	{
		key: "depression", name: "depression", prefixes: []string{"F32", "F33"}, scorings: []string{phq9},
		problem: "low mood, loss of interest and low energy that get in the way of work, relationships and self-care",
		terse:   "Depressed mood, anhedonia, low energy; functional impairment.",
		goals: []goal{
			g("lift {their} mood and take part again in the activities {they} value",
				o(2, "plan at least three rewarding or meaningful activities each week and complete two of them"),
				o(6, "keep a daily mood and activity log and bring it to sessions"),
				o(12, "return to a regular daily routine on at least five days a week")),
			g("change the hopeless and self-critical thinking that keeps the low mood going",
				o(4, "notice and write down self-critical thoughts at least three times a week"),
				o(8, "answer these thoughts with balanced alternatives, with help in session at first and then alone")),
			g("prevent relapse once {their} mood has improved",
				o(16, "write a personal plan naming early warning signs and the first steps to take")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Behavioural activation and cognitive restructuring"),
			iv("Measurement-based care", "Every four weeks", "PHQ-9 reviewed together to guide the plan"),
			iv("Psychoeducation", "Early sessions", "Depression, sleep, activity and mood"),
			iv("Coordination with prescriber", "As needed", "With the client's consent, when medication is part of care"),
			iv("Relapse-prevention planning", "Final sessions", "Warning signs and a written response plan"),
		},
	},
	{
		key: "persistent-depression", name: "persistent depression", prefixes: []string{"F341"}, scorings: []string{phq9},
		problem: "a long-standing low mood and low self-worth that have become part of everyday life",
		terse:   "Chronic depressed mood (≥2 years), low self-esteem, low energy.",
		goals: []goal{
			g("experience more days with steady mood and a sense of purpose",
				o(4, "identify the daily patterns that keep {their} mood low, with the clinician"),
				o(8, "add at least two valued activities to each week and rate mood before and after"),
				o(12, "report more good or neutral days than at the start")),
			g("build a kinder, more realistic view of {self}",
				o(6, "practise a self-compassion exercise at least four times a week"),
				o(12, "list personal strengths and use one deliberately each week")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Behavioural activation and work on core beliefs"),
			iv("Interpersonal work", "Weekly", "Patterns in relationships that sustain low mood"),
			iv("Measurement-based care", "Every four weeks", "PHQ-9 reviewed together"),
			iv("Coordination with prescriber", "As needed", "With the client's consent"),
		},
	},
	{
		key: "bipolar", name: "bipolar disorder", prefixes: []string{"F31", "F340"}, scorings: []string{phq9},
		problem: "shifts between low and elevated mood that disrupt sleep, judgement, work and relationships",
		terse:   "Mood episodes (depressive/elevated); disrupted sleep, impaired functioning.",
		goals: []goal{
			g("keep {their} mood stable and catch early signs of an episode",
				o(2, "track mood, sleep and energy every day on a simple chart"),
				o(6, "name {their} personal early warning signs for both high and low moods"),
				o(10, "write a relapse plan that says who to contact and what to do at each warning sign")),
			g("protect stability through regular rhythms and steady treatment",
				o(4, "keep a consistent wake time and bedtime on at least six nights a week"),
				o(8, "take prescribed medication as agreed and bring any concerns to the prescriber")),
		},
		ivs: []model.PlanIntervention{
			iv("Psychoeducation", "Early sessions", "The course of bipolar disorder, triggers and warning signs"),
			iv("Interpersonal and social rhythm therapy", "Weekly", "Regular daily rhythms and sleep"),
			iv("Coordination with prescriber", "Monthly and as needed", "With the client's consent"),
			iv("Family involvement", "As agreed", "Including a support person in the relapse plan, with consent"),
		},
	},
	{
		key: "gad", name: "generalized anxiety", prefixes: []string{"F411", "F41"}, scorings: []string{gad7},
		problem: "frequent, hard-to-control worry with tension, restlessness and poor sleep",
		terse:   "Excessive, uncontrollable worry; muscle tension, restlessness, sleep disturbance.",
		goals: []goal{
			g("worry less and feel more able to handle uncertainty",
				o(3, "keep a worry log noting triggers, the worry and what happened next"),
				o(6, "use a daily, time-limited worry period and postpone worries outside it"),
				o(10, "test at least three feared predictions and record the results")),
			g("lower physical tension and calm {their} body",
				o(2, "learn paced breathing and progressive muscle relaxation in session"),
				o(6, "practise relaxation at least five days a week")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Worry exposure, cognitive restructuring and tolerating uncertainty"),
			iv("Relaxation training", "Weekly, with daily home practice", "Breathing and progressive muscle relaxation"),
			iv("Measurement-based care", "Every four weeks", "GAD-7 reviewed together"),
			iv("Mindfulness skills", "Weekly", "Noticing worry without following it"),
		},
	},
	{
		key: "panic", name: "panic", prefixes: []string{"F410"}, scorings: []string{gad7},
		problem: "sudden surges of intense fear with strong body sensations, and avoidance of places where they might happen",
		terse:   "Recurrent unexpected panic attacks; anticipatory anxiety and avoidance.",
		goals: []goal{
			g("reduce how often panic attacks happen and how frightening they feel",
				o(2, "record each attack: where, body sensations, thoughts and what {they} did"),
				o(6, "explain the panic cycle in {their} own words and use a coping response during attacks"),
				o(12, "go through body-sensation exposures in session with less fear each time")),
			g("return to the places and activities {they} have been avoiding",
				o(4, "build a ranked list of avoided situations with the clinician"),
				o(10, "enter at least three situations from the list, staying until anxiety falls")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy for panic", "Weekly", "Psychoeducation, interoceptive and situational exposure"),
			iv("Breathing retraining", "Early sessions", "A calm breathing skill for early signs of panic"),
			iv("Measurement-based care", "Every four weeks", "GAD-7 and a panic frequency log"),
		},
	},
	{
		key: "social-anxiety", name: "social anxiety", prefixes: []string{"F401"}, scorings: []string{gad7},
		problem: "strong fear of being judged or embarrassed that leads {them} to avoid people and speaking up",
		terse:   "Fear of negative evaluation; avoidance of social and performance situations.",
		goals: []goal{
			g("take part in social situations with more confidence",
				o(4, "build a ranked list of feared social situations"),
				o(8, "face at least one situation from the list each week and note what actually happened"),
				o(12, "start or join a conversation at least twice a week")),
			g("loosen the hold of self-focused attention and harsh self-judgement",
				o(6, "practise shifting attention outward during conversations and compare the results")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Graded exposure, behavioural experiments and dropping safety behaviours"),
			iv("Social skills rehearsal", "As needed", "Role-plays in session"),
			iv("Measurement-based care", "Every four weeks", "GAD-7 reviewed together"),
		},
	},
	{
		key: "phobia", name: "specific phobia", prefixes: []string{"F402"}, scorings: []string{gad7},
		problem: "intense fear of a particular object or situation that {they} go out of {their} way to avoid",
		terse:   "Marked fear and avoidance of a specific stimulus.",
		goals: []goal{
			g("face the feared object or situation with manageable anxiety",
				o(2, "build a step-by-step exposure ladder with the clinician"),
				o(6, "complete the lower steps of the ladder, rating fear before and after"),
				o(10, "complete the top step of the ladder at least once")),
		},
		ivs: []model.PlanIntervention{
			iv("Exposure therapy", "Weekly", "Gradual, repeated exposure in session and between sessions"),
			iv("Psychoeducation", "First session", "How avoidance keeps fear going"),
		},
	},
	{
		key: "agoraphobia", name: "agoraphobia", prefixes: []string{"F400"}, scorings: []string{gad7},
		problem: "fear of places where escape or help might be hard to reach, which shrinks where {they} can go",
		terse:   "Fear/avoidance of public places, transport, crowds; restricted range.",
		goals: []goal{
			g("widen the area and situations {they} can move through freely",
				o(4, "map out avoided places and rank them from least to most difficult"),
				o(8, "visit at least three places from the list, first with support and then alone"),
				o(12, "use public transport or go to a shop alone at least once a week")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Graded in-vivo exposure"),
			iv("Telehealth or home-based sessions", "As needed", "While leaving home is still hard"),
			iv("Measurement-based care", "Every four weeks", "GAD-7 reviewed together"),
		},
	},
	{
		key: "ocd", name: "obsessive-compulsive disorder", prefixes: []string{"F42"},
		problem: "intrusive, distressing thoughts and repeated rituals that take up time and cause distress",
		terse:   "Obsessions and compulsions; time-consuming, distressing.",
		goals: []goal{
			g("spend less time and energy on obsessions and rituals",
				o(3, "record obsessions, rituals and the time they take each day for two weeks"),
				o(8, "resist rituals during planned exposures, starting with the least distressing"),
				o(12, "cut the daily time spent on rituals by at least half")),
			g("live with uncertainty without needing to neutralise it",
				o(10, "drop at least two reassurance-seeking habits, with family support where helpful")),
		},
		ivs: []model.PlanIntervention{
			iv("Exposure and response prevention", "Weekly", "Hierarchy-based exposures with ritual prevention"),
			iv("Psychoeducation", "Early sessions", "The obsession-compulsion cycle"),
			iv("Family sessions", "As agreed", "Reducing accommodation of rituals, with consent"),
		},
	},
	{
		key: "ptsd", name: "post-traumatic stress", prefixes: []string{"F431"},
		problem: "distressing memories of a traumatic experience, with nightmares, being on guard and avoiding reminders",
		terse:   "Re-experiencing, avoidance, hyperarousal, negative mood/cognitions after trauma.",
		goals: []goal{
			g("feel safe and steady enough to do trauma-focused work",
				o(2, "learn and use at least two grounding skills when memories intrude"),
				o(4, "agree on a plan for managing distress between sessions")),
			g("lessen the power of traumatic memories and reminders",
				o(8, "work through the trauma memory in session using an agreed, evidence-based approach"),
				o(12, "return to at least two avoided but safe places or activities")),
			g("rebuild trust, sleep and a sense of a future",
				o(12, "report fewer nightmares or easier return to sleep after one")),
		},
		ivs: []model.PlanIntervention{
			iv("Trauma-focused therapy", "Weekly", "Such as cognitive processing therapy, prolonged exposure or EMDR"),
			iv("Stabilisation and grounding skills", "Early sessions", "Before and alongside memory work"),
			iv("Psychoeducation", "Early sessions", "Common reactions to trauma"),
			iv("Sleep and nightmare work", "As needed", "Imagery rehearsal and sleep routines"),
		},
	},
	{
		key: "acute-stress", name: "acute stress", prefixes: []string{"F430"}, scorings: []string{gad7},
		problem: "strong stress reactions in the weeks after a frightening event",
		terse:   "Acute stress reaction following a traumatic event.",
		goals: []goal{
			g("recover {their} usual footing after the event",
				o(1, "put basic supports in place: rest, meals and someone to talk to"),
				o(3, "use a grounding or breathing skill when reactions surge"),
				o(6, "return to {their} usual daily activities step by step")),
		},
		ivs: []model.PlanIntervention{
			iv("Brief trauma-informed therapy", "Weekly", "Psychological first aid and early coping"),
			iv("Monitoring", "Every two weeks", "Watching for lasting symptoms that need further care"),
		},
	},
	{
		key: "grief", name: "grief", prefixes: []string{"Z634", "F4381"}, scorings: []string{phq9},
		problem: "grief after the death of someone close that still weighs heavily on daily life",
		terse:   "Bereavement; persistent grief affecting functioning.",
		goals: []goal{
			g("carry the loss in a way that allows daily life to go on",
				o(4, "share the story of the loss and of the relationship in session"),
				o(8, "return to at least two routines or activities set aside since the death"),
				o(12, "find a meaningful way to remember the person")),
		},
		ivs: []model.PlanIntervention{
			iv("Grief-focused therapy", "Weekly", "Making room for both loss and restoration"),
			iv("Support group referral", "As wanted", "Bereavement support in the community"),
		},
	},
	{
		key: "adjustment", name: "adjustment", prefixes: []string{"F432"}, scorings: []string{phq9, gad7},
		problem: "distress in response to a recent life change that is harder to cope with than expected",
		terse:   "Emotional/behavioural symptoms in response to an identifiable stressor.",
		goals: []goal{
			g("cope with the change and regain {their} usual level of functioning",
				o(3, "name the stressor and its practical and emotional effects"),
				o(6, "solve one practical problem linked to the change using structured problem solving"),
				o(10, "report feeling more able to manage daily demands")),
			g("draw on supports and strengths",
				o(4, "reach out to at least one supportive person each week")),
		},
		ivs: []model.PlanIntervention{
			iv("Brief supportive therapy", "Weekly", "Problem solving and coping skills"),
			iv("Stress management", "Weekly", "Relaxation and daily structure"),
		},
	},
	{
		key: "adhd", name: "ADHD", prefixes: []string{"F90"},
		problem: "trouble with attention, organisation and impulsivity that affects school, work or home life",
		terse:   "Inattention and/or hyperactivity-impulsivity; impaired organisation.",
		goals: []goal{
			g("get organised and follow through on tasks",
				o(3, "use one planner or app every day for appointments and tasks"),
				o(6, "break large tasks into steps and finish at least three planned tasks a week"),
				o(10, "set up a daily routine with fixed times for key tasks")),
			g("handle impulses and frustration more smoothly",
				o(8, "use a pause-and-plan skill in at least two difficult moments a week")),
		},
		ivs: []model.PlanIntervention{
			iv("Skills-based therapy for ADHD", "Weekly", "Organisation, planning and time management"),
			iv("Psychoeducation", "Early sessions", "ADHD and what helps"),
			iv("Coordination with prescriber and school", "As needed", "With consent"),
			iv("Parent or partner sessions", "As agreed", "Supportive structure at home"),
		},
	},
	{
		key: "alcohol", name: "alcohol use", prefixes: []string{"F10"},
		problem: "drinking that causes harm to health, relationships or responsibilities",
		terse:   "Problematic alcohol use with negative consequences.",
		goals: []goal{
			g("reach the drinking goal {they} choose, whether cutting down or stopping",
				o(2, "record daily drinks and the situations around them"),
				o(4, "set a personal drinking goal and share it with the clinician"),
				o(12, "meet that goal on at least four weeks out of five")),
			g("handle cravings and high-risk situations without drinking",
				o(6, "name {their} main triggers and a plan for each"),
				o(10, "build a support network, such as a mutual-help group or a trusted person")),
		},
		ivs: []model.PlanIntervention{
			iv("Motivational interviewing", "Early sessions", "Exploring reasons for change"),
			iv("Cognitive behavioural relapse prevention", "Weekly", "Triggers, cravings and coping"),
			iv("Medical coordination", "As needed", "Withdrawal safety and medication for alcohol use, with consent"),
			iv("Mutual-help referral", "As wanted", "Community or peer support groups"),
		},
	},
	{
		key: "cannabis", name: "cannabis use", prefixes: []string{"F12"},
		problem: "cannabis use that has become hard to control and gets in the way of daily goals",
		terse:   "Problematic cannabis use; impaired control.",
		goals: []goal{
			g("cut down or stop cannabis use as {they} choose",
				o(2, "track use each day and what led to it"),
				o(6, "set a use goal and meet it on most days"),
				o(12, "replace use with at least two other ways of relaxing or coping")),
		},
		ivs: []model.PlanIntervention{
			iv("Motivational enhancement therapy", "Early sessions", "Reasons for and against change"),
			iv("Cognitive behavioural therapy", "Weekly", "Coping with cravings, sleep and withdrawal"),
		},
	},
	{
		key: "opioid", name: "opioid use", prefixes: []string{"F11"},
		problem: "opioid use that puts {their} health and safety at risk",
		terse:   "Opioid use disorder; overdose risk.",
		goals: []goal{
			g("stay safe and reduce harm from opioid use",
				o(1, "have naloxone at hand and know how to use it"),
				o(2, "connect with a prescriber for medication for opioid use disorder, if {they} choose"),
				o(8, "attend treatment appointments as agreed")),
			g("build a life that supports recovery",
				o(12, "name triggers and a coping plan for each, and rehearse it in session")),
		},
		ivs: []model.PlanIntervention{
			iv("Coordination with medication treatment", "As needed", "Buprenorphine, methadone or naltrexone prescribers, with consent"),
			iv("Harm reduction counselling", "Each session", "Naloxone, never using alone"),
			iv("Cognitive behavioural relapse prevention", "Weekly", "Triggers, cravings, coping"),
		},
	},
	{
		key: "stimulant", name: "stimulant use", prefixes: []string{"F14", "F15"},
		problem: "stimulant use that harms {their} health, sleep, mood or finances",
		terse:   "Problematic stimulant use.",
		goals: []goal{
			g("cut down or stop stimulant use and stay safer meanwhile",
				o(2, "track use and the situations that lead to it"),
				o(6, "reach {their} chosen use goal on most weeks"),
				o(12, "fill the time once spent using with planned activities")),
		},
		ivs: []model.PlanIntervention{
			iv("Contingency management or CBT", "Weekly", "Rewarding change and building coping skills"),
			iv("Harm reduction counselling", "Each session", "Safer use and overdose awareness"),
			iv("Medical coordination", "As needed", "With consent"),
		},
	},
	{
		key: "nicotine", name: "tobacco use", prefixes: []string{"F17"},
		problem: "nicotine dependence that {they} would like to change",
		terse:   "Nicotine dependence.",
		goals: []goal{
			g("quit or cut down on nicotine",
				o(2, "set a quit or reduction date"),
				o(4, "use nicotine replacement or other support as agreed with a prescriber"),
				o(12, "stay nicotine-free or within {their} reduction goal for four weeks")),
		},
		ivs: []model.PlanIntervention{
			iv("Brief cessation counselling", "Each session", "Triggers and coping with urges"),
			iv("Referral to a quit line or prescriber", "Once", "Nicotine replacement or medication"),
		},
	},
	{
		key: "substance-other", name: "substance use", prefixes: []string{"F13", "F16", "F18", "F19"},
		problem: "substance use that causes harm and has become hard to control",
		terse:   "Problematic substance use.",
		goals: []goal{
			g("reduce the harm from substance use",
				o(2, "track use and what leads to it"),
				o(6, "set and work towards a personal use goal"),
				o(12, "have a written relapse-prevention plan")),
		},
		ivs: []model.PlanIntervention{
			iv("Motivational interviewing", "Early sessions", "Reasons for change"),
			iv("Relapse prevention", "Weekly", "Triggers and coping"),
			iv("Medical coordination", "As needed", "Safe withdrawal, with consent"),
		},
	},
	{
		key: "anorexia", name: "anorexia nervosa", prefixes: []string{"F500"},
		problem: "restriction of eating and fear of weight gain that put {their} physical health at risk",
		terse:   "Restrictive intake, fear of weight gain, low weight; medical risk.",
		goals: []goal{
			g("restore regular eating and physical health",
				o(2, "attend medical monitoring as set with the care team"),
				o(4, "eat three meals and planned snacks on most days, following the meal plan"),
				o(12, "reach the weight or health markers agreed with the medical team")),
			g("loosen the hold of eating-disorder thoughts",
				o(8, "notice and challenge eating-disorder thoughts at meals at least three times a week")),
		},
		ivs: []model.PlanIntervention{
			iv("Eating-disorder-focused therapy", "Weekly or more", "CBT-E or family-based treatment"),
			iv("Medical and dietetic coordination", "As set by the team", "Weight, vital signs, meal plan; with consent"),
			iv("Level-of-care review", "Every session", "Whether outpatient care remains safe"),
		},
	},
	{
		key: "bulimia", name: "bulimia nervosa", prefixes: []string{"F502"},
		problem: "cycles of binge eating and purging or other ways of compensating",
		terse:   "Binge eating with compensatory behaviours.",
		goals: []goal{
			g("break the binge-purge cycle",
				o(2, "keep a food and feelings log, noting binges and purges"),
				o(6, "eat regularly, at least every four hours during the day"),
				o(12, "halve the number of binge and purge episodes a week")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy for eating disorders", "Weekly", "Regular eating and self-monitoring"),
			iv("Medical coordination", "As needed", "Electrolytes and dental health, with consent"),
		},
	},
	{
		key: "binge-eating", name: "binge eating", prefixes: []string{"F5081"},
		problem: "episodes of eating large amounts with a sense of losing control, followed by distress",
		terse:   "Recurrent binge eating with loss of control; distress.",
		goals: []goal{
			g("eat more regularly and binge less often",
				o(2, "log meals, binges and the feelings around them"),
				o(6, "follow a regular pattern of meals and snacks on most days"),
				o(12, "reduce binge episodes by at least half")),
			g("respond to difficult feelings without turning to food",
				o(8, "use an alternative coping skill when an urge to binge comes")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Self-monitoring, regular eating, emotion coping"),
			iv("Dietetic referral", "As wanted", "With consent"),
		},
	},
	{
		key: "eating-other", name: "eating difficulties", prefixes: []string{"F50"},
		problem: "eating patterns that cause distress or affect {their} health",
		terse:   "Disordered eating; distress and health effects.",
		goals: []goal{
			g("build a steady, nourishing eating pattern",
				o(2, "keep a food and feelings log"),
				o(8, "follow an agreed eating plan on most days")),
		},
		ivs: []model.PlanIntervention{
			iv("Eating-focused therapy", "Weekly", "Self-monitoring and regular eating"),
			iv("Medical coordination", "As needed", "With consent"),
		},
	},
	{
		key: "insomnia", name: "insomnia", prefixes: []string{"F510", "G470"},
		problem: "trouble falling or staying asleep that leaves {them} tired and irritable during the day",
		terse:   "Sleep-onset/maintenance insomnia; daytime impairment.",
		goals: []goal{
			g("sleep more soundly and feel rested during the day",
				o(2, "keep a sleep diary every morning for two weeks"),
				o(4, "keep the same wake time every day, weekends included"),
				o(8, "use the bed only for sleep and leave it when awake for a long time"),
				o(10, "fall asleep within about thirty minutes on most nights")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy for insomnia", "Weekly for six to eight weeks", "Sleep restriction, stimulus control, thinking about sleep"),
			iv("Sleep education", "Early sessions", "Caffeine, light, screens and routines"),
		},
	},
	{
		key: "borderline", name: "borderline personality", prefixes: []string{"F603"},
		problem: "intense, quickly shifting emotions, unstable relationships and urges to act in harmful ways when distressed",
		terse:   "Emotional dysregulation, interpersonal instability, impulsivity; self-harm risk.",
		goals: []goal{
			g("manage intense emotions safely",
				o(2, "agree on a written safety plan for moments of crisis"),
				o(6, "use at least one distress-tolerance skill instead of a harmful urge, and record it on a diary card"),
				o(12, "report fewer crisis moments than at the start")),
			g("keep relationships steadier",
				o(8, "practise one interpersonal skill each week, such as asking for what {they} need clearly")),
		},
		ivs: []model.PlanIntervention{
			iv("Dialectical behaviour therapy", "Weekly individual sessions", "Diary cards and chain analysis"),
			iv("Skills group", "Weekly", "Mindfulness, distress tolerance, emotion regulation, interpersonal effectiveness"),
			iv("Between-session coaching", "As agreed", "Within the practice's limits"),
		},
	},
	{
		key: "personality", name: "personality patterns", prefixes: []string{"F60"},
		problem: "long-standing patterns of thinking and relating that cause repeated difficulty and distress",
		terse:   "Enduring maladaptive patterns; interpersonal difficulty.",
		goals: []goal{
			g("understand and change the patterns that cause difficulty",
				o(6, "name two recurring patterns and where they show up"),
				o(12, "try a different response in at least two situations a month")),
		},
		ivs: []model.PlanIntervention{
			iv("Long-term psychotherapy", "Weekly", "Schema-focused or psychodynamic work"),
		},
	},
	{
		key: "psychosis", name: "psychosis", prefixes: []string{"F20", "F22", "F23", "F25", "F28", "F29"},
		problem: "unusual experiences or beliefs and changes in thinking that affect daily life and relationships",
		terse:   "Psychotic symptoms; impaired functioning.",
		goals: []goal{
			g("stay well and spot early signs of relapse",
				o(4, "name {their} early warning signs with the clinician and a support person"),
				o(8, "keep to the agreed treatment, raising any side effects with the prescriber")),
			g("rebuild daily routines and connections",
				o(12, "take part in one structured activity, such as work, study or a group, each week")),
		},
		ivs: []model.PlanIntervention{
			iv("Coordination with psychiatry", "Monthly and as needed", "With consent"),
			iv("CBT for psychosis", "Weekly or every two weeks", "Coping with distressing experiences"),
			iv("Family psychoeducation", "As agreed", "With consent"),
		},
	},
	{
		key: "autism", name: "autism", prefixes: []string{"F840"},
		problem: "stress around social demands, change and sensory overload that {they} would like more support with",
		terse:   "Autism; difficulty with social demands, transitions and sensory load.",
		goals: []goal{
			g("reduce overload and handle change with more ease",
				o(4, "identify {their} main sensory and social stressors and early signs of overload"),
				o(8, "use an agreed plan, such as breaks or a quiet space, when overload builds")),
			g("advocate for {their} needs at home, school or work",
				o(12, "ask for at least one reasonable adjustment that helps")),
		},
		ivs: []model.PlanIntervention{
			iv("Neurodiversity-affirming therapy", "Weekly or every two weeks", "Adapted to the client's communication preferences"),
			iv("Coordination with school or workplace", "As needed", "With consent"),
		},
	},
	{
		key: "disruptive", name: "disruptive behaviour", prefixes: []string{"F91"},
		problem: "frequent anger, defiance or rule-breaking that causes conflict at home or school",
		terse:   "Oppositional/conduct behaviours; conflict with caregivers and school.",
		goals: []goal{
			g("get along better at home and school",
				o(4, "name situations that lead to blow-ups and a calm-down step for each"),
				o(8, "reduce reported outbursts each week, as tracked with caregivers"),
				o(12, "earn agreed rewards on most days of a home behaviour plan")),
		},
		ivs: []model.PlanIntervention{
			iv("Parent management training", "Weekly", "Consistent limits, praise and routines"),
			iv("Individual skills work", "Weekly", "Anger coping and problem solving"),
			iv("School coordination", "As needed", "With consent"),
		},
	},
	{
		key: "somatic", name: "somatic symptoms", prefixes: []string{"F45"},
		problem: "physical symptoms and worry about health that take up much time and energy",
		terse:   "Somatic symptoms with excessive health-related thoughts and behaviours.",
		goals: []goal{
			g("live more fully alongside physical symptoms",
				o(4, "track symptoms, worry and checking or reassurance-seeking"),
				o(8, "reduce checking and reassurance-seeking by an agreed amount"),
				o(12, "return to at least two activities set aside because of symptoms")),
		},
		ivs: []model.PlanIntervention{
			iv("Cognitive behavioural therapy", "Weekly", "Attention, worry and activity pacing"),
			iv("Coordination with primary care", "As needed", "One agreed plan for medical checks, with consent"),
		},
	},
	{
		key: "dissociative", name: "dissociation", prefixes: []string{"F44"},
		problem: "episodes of feeling detached, losing time or feeling unreal that are frightening and disruptive",
		terse:   "Dissociative symptoms; disruption of awareness and memory.",
		goals: []goal{
			g("stay grounded and safe",
				o(2, "learn three grounding skills and practise them daily"),
				o(6, "track episodes and what happened before them"),
				o(12, "report fewer or shorter episodes")),
		},
		ivs: []model.PlanIntervention{
			iv("Phase-based trauma-informed therapy", "Weekly", "Stabilisation first"),
			iv("Grounding skills", "Each session", "Practice and review"),
		},
	},
	{
		key: "gender", name: "gender identity", prefixes: []string{"F64"},
		problem: "distress about the fit between {their} gender and {their} body or how others treat {them}, together with the stress of stigma",
		terse:   "Gender incongruence with associated distress; minority stress.",
		goals: []goal{
			g("feel supported in exploring and living as {their} authentic self",
				o(4, "name the steps of social or medical transition {they} may want, at {their} own pace"),
				o(12, "take at least one chosen step, such as sharing {their} name or pronouns with someone safe")),
			g("lessen the effects of stigma and build community",
				o(8, "connect with at least one affirming community or peer group")),
		},
		ivs: []model.PlanIntervention{
			iv("Gender-affirming psychotherapy", "Weekly or every two weeks", "Following the client's lead"),
			iv("Coordination for gender-affirming care", "As requested", "Letters and referrals, with consent"),
			iv("Family sessions", "As wanted", "Support for family members, with consent"),
		},
	},
	{
		key: "relational", name: "family and relationship strain", prefixes: []string{"Z63"},
		problem: "ongoing strain or conflict with a partner or family members",
		terse:   "Relational distress with partner/family.",
		goals: []goal{
			g("communicate and handle conflict more constructively",
				o(4, "name the recurring conflicts and what usually happens during them"),
				o(8, "use a time-out and return-to-talk agreement during heated moments"),
				o(12, "hold a calm weekly check-in with the partner or family member")),
		},
		ivs: []model.PlanIntervention{
			iv("Couple or family sessions", "As agreed", "With all parties' consent"),
			iv("Communication skills training", "Weekly", "Listening, speaking and repair"),
		},
	},
	{
		key: "child-upbringing", name: "parent-child difficulties", prefixes: []string{"Z62"},
		problem: "difficulties in the relationship between child and caregivers or in the child's home environment",
		terse:   "Parent-child relational problem / upbringing concerns.",
		goals: []goal{
			g("build a warmer, more predictable relationship at home",
				o(4, "spend ten minutes of child-led time together at least four days a week"),
				o(8, "agree on clear, consistent house rules and routines")),
		},
		ivs: []model.PlanIntervention{
			iv("Parent-child sessions", "Weekly", "Attachment and behaviour-focused work"),
			iv("Caregiver support", "Every two weeks", "Parenting strategies"),
		},
	},
	{
		key: "social-environment", name: "social isolation and environment", prefixes: []string{"Z60"},
		problem: "isolation, life changes or discrimination that leave {them} feeling cut off",
		terse:   "Problems related to social environment.",
		goals: []goal{
			g("feel more connected and supported",
				o(4, "list people, groups or places {they} could connect with"),
				o(10, "take part in one social or community activity each week")),
		},
		ivs: []model.PlanIntervention{
			iv("Supportive therapy", "Weekly", "Connection and belonging"),
			iv("Community linkage", "As needed", "Groups and services"),
		},
	},
	{
		key: "work", name: "work stress", prefixes: []string{"Z56"},
		problem: "stress, conflict or insecurity at work that spills into the rest of life",
		terse:   "Occupational stressors.",
		goals: []goal{
			g("manage work demands and protect time outside work",
				o(4, "name the main work stressors and which can be changed"),
				o(8, "set at least one boundary, such as a fixed finishing time, and keep it most days"),
				o(12, "take a concrete step on the main work problem, such as a conversation or a job search plan")),
		},
		ivs: []model.PlanIntervention{
			iv("Problem-solving therapy", "Weekly", "Work stressors and options"),
			iv("Stress management", "Weekly", "Relaxation and boundaries"),
		},
	},
	{
		key: "housing", name: "housing and financial strain", prefixes: []string{"Z59"},
		problem: "insecure housing or money worries that add constant stress",
		terse:   "Housing/economic problems.",
		goals: []goal{
			g("gain more stability in housing and basic needs",
				o(2, "list the most urgent practical needs"),
				o(6, "contact at least two services that can help with housing or money"),
				o(12, "have a plan in place for the most urgent need")),
		},
		ivs: []model.PlanIntervention{
			iv("Case management and referral", "As needed", "Housing, benefits and financial advice services"),
			iv("Supportive therapy", "Weekly", "Coping with ongoing stress"),
		},
	},
	{
		key: "psychosocial", name: "life circumstances", prefixes: []string{"Z65"},
		problem: "difficult life circumstances, such as legal trouble or the aftermath of a crime, that weigh on {them}",
		terse:   "Problems related to other psychosocial circumstances.",
		goals: []goal{
			g("cope with current circumstances and reduce their impact",
				o(4, "name the practical and emotional effects of the situation"),
				o(10, "link with at least one service that can help with the practical side")),
		},
		ivs: []model.PlanIntervention{
			iv("Supportive therapy", "Weekly", "Coping and problem solving"),
			iv("Referral", "As needed", "Legal, victim support or other services"),
		},
	},
}
