package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tend/internal/model"
)

// The plan editor's form (issue 15, item 1). It works without JavaScript: one form holds the whole plan,
// and the "Add a …" buttons submit it with add=<the list's name prefix> to show it again with one more
// empty row, nothing saved. Input names are the model's field names ("problems.0.goals.1.objectives.2.
// target_date"), so a field's message lands beside its input.

// planForm is the editor's content as typed: every value a string, so a bad number comes back as typed.
type planForm struct {
	Title, Narrative, ReviewDate string
	BaseVersion                  int
	Diagnoses                    map[string]bool // the picked diagnoses, by id
	picked                       []string        // the same, in the order given
	Problems                     []problemRow
	Errors                       map[string]string
	Message                      string
	Focus                        string // the name of the input to focus: the first of a row just added
	scorings                     []string
}

// The rows of the form. Prefix is a row's name prefix ("problems.0.goals.1."), Num its number as shown
// ("1.2"); both are set by number.
type (
	problemRow struct {
		rowBase
		Statement     string
		Goals         []goalRow
		Interventions []interventionRow
	}
	goalRow struct {
		rowBase
		Statement  string
		Objectives []objectiveRow
	}
	objectiveRow struct {
		rowBase
		Statement, TargetDate string
		Measure, Below        string // the scoring rule ("" none) and the score to stay below
		Baseline              string // the starting score, optional
	}
	interventionRow struct {
		rowBase
		Modality, Frequency, Detail string
	}
)

type rowBase struct {
	Prefix, Num string
	focus       string
	errs        map[string]string
	scorings    []string // the assessments the practice uses
}

// Name is the input name of the row's field.
func (r rowBase) Name(field string) string { return r.Prefix + field }

// ID is the input id of the row's field.
func (r rowBase) ID(field string) string { return "f-" + r.Prefix + field }

// Error is the message of the row's field, "" for none.
func (r rowBase) Error(field string) string { return r.errs[r.Prefix+field] }

// Focus reports whether the row's field is the one to focus.
func (r rowBase) Focus(field string) bool { return r.focus != "" && r.focus == r.Prefix+field }

// scoringOption is an option of an objective's assessment select.
type scoringOption struct {
	Key, Name string
	Selected  bool
}

// Options are the assessments an objective may be measured by: none, or one the practice uses. An
// assessment the practice no longer uses stays listed while the objective names it, so the message
// beside it makes sense.
func (o objectiveRow) Options() []scoringOption {
	out := []scoringOption{{Key: "", Name: "No assessment", Selected: o.Measure == ""}}
	listed := o.Measure == ""
	for _, k := range o.scorings {
		out = append(out, scoringOption{Key: k, Name: model.ScoringName(k), Selected: k == o.Measure})
		listed = listed || k == o.Measure
	}
	if !listed {
		out = append(out, scoringOption{Key: o.Measure, Name: model.ScoringName(o.Measure) + " (not used by the practice)", Selected: true})
	}
	return out
}

// planRow is any row of the editor, as the planField partials read it.
type planRow interface {
	ID(field string) string
	Name(field string) string
	Error(field string) string
	Focus(field string) bool
	Value(field string) string
}

// planFieldView is one field of a row, for the "plantext" and "planinput" partials.
type planFieldView struct {
	Row          planRow
	Field, Label string
}

func newPlanField(r planRow, field, label string) planFieldView {
	return planFieldView{Row: r, Field: field, Label: label}
}

// Value is the typed value of a row's field.
func (r problemRow) Value(string) string { return r.Statement }

// Value is the typed value of a row's field.
func (r goalRow) Value(string) string { return r.Statement }

// Value is the typed value of a row's field.
func (r objectiveRow) Value(field string) string {
	return map[string]string{"statement": r.Statement, "target_date": r.TargetDate, "measure": r.Measure, "below": r.Below, "baseline": r.Baseline}[field]
}

// Value is the typed value of a row's field.
func (r interventionRow) Value(field string) string {
	return map[string]string{"modality": r.Modality, "frequency": r.Frequency, "detail": r.Detail}[field]
}

func newProblemRow() problemRow {
	return problemRow{Goals: []goalRow{newGoalRow()}, Interventions: []interventionRow{{}}}
}

func newGoalRow() goalRow { return goalRow{Objectives: []objectiveRow{{}}} }

// number sets every row's prefix, shown number and the form's messages, after rows were read or added.
func (f *planForm) number() {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	base := func(prefix, num string) rowBase {
		return rowBase{Prefix: prefix, Num: num, focus: f.Focus, errs: f.Errors, scorings: f.scorings}
	}
	for i := range f.Problems {
		pr := &f.Problems[i]
		pp := "problems." + strconv.Itoa(i) + "."
		pn := strconv.Itoa(i + 1)
		pr.rowBase = base(pp, pn)
		for j := range pr.Goals {
			g := &pr.Goals[j]
			gp, gn := pp+"goals."+strconv.Itoa(j)+".", pn+"."+strconv.Itoa(j+1)
			g.rowBase = base(gp, gn)
			for k := range g.Objectives {
				g.Objectives[k].rowBase = base(gp+"objectives."+strconv.Itoa(k)+".", gn+"."+strconv.Itoa(k+1))
			}
		}
		for j := range pr.Interventions {
			pr.Interventions[j].rowBase = base(pp+"interventions."+strconv.Itoa(j)+".", pn+"."+strconv.Itoa(j+1))
		}
	}
}

// pick ticks a diagnosis, once.
func (f *planForm) pick(id string) {
	if id != "" && !f.Diagnoses[id] {
		f.Diagnoses[id] = true
		f.picked = append(f.picked, id)
	}
}

// Error is the message of a top-level field ("title", "narrative", "diagnoses"…).
func (f planForm) Error(field string) string { return f.Errors[field] }

// planFormOf fills the editor with a version's content.
func planFormOf(c model.PlanContent, base int) planForm {
	f := planForm{Title: c.Title, Narrative: c.Narrative, ReviewDate: c.ReviewDate, BaseVersion: base, Diagnoses: map[string]bool{}}
	for _, d := range c.Diagnoses {
		f.pick(d.DiagnosisID)
	}
	for _, p := range c.Problems {
		pr := problemRow{Statement: p.Statement}
		for _, g := range p.Goals {
			gr := goalRow{Statement: g.Statement}
			for _, o := range g.Objectives {
				or := objectiveRow{Statement: o.Statement, TargetDate: o.TargetDate}
				if m := o.Measure; m != nil {
					or.Measure, or.Below = m.Scoring, strconv.Itoa(m.Below)
					if m.Baseline != nil {
						or.Baseline = strconv.Itoa(*m.Baseline)
					}
				}
				gr.Objectives = append(gr.Objectives, or)
			}
			pr.Goals = append(pr.Goals, gr)
		}
		for _, iv := range p.Interventions {
			pr.Interventions = append(pr.Interventions, interventionRow{Modality: iv.Modality, Frequency: iv.Frequency, Detail: iv.Detail})
		}
		f.Problems = append(f.Problems, pr)
	}
	f.number()
	return f
}

// formNode is one row of the submitted form: its own fields and its child lists, by submitted index.
type formNode struct {
	fields map[string]string
	lists  map[string]map[int]*formNode
}

func (n *formNode) child(list string, i int) *formNode {
	if n.lists == nil {
		n.lists = map[string]map[int]*formNode{}
	}
	if n.lists[list] == nil {
		n.lists[list] = map[int]*formNode{}
	}
	c := n.lists[list][i]
	if c == nil {
		c = &formNode{fields: map[string]string{}}
		n.lists[list][i] = c
	}
	return c
}

// rows returns a child list in the order of its submitted indexes, whatever numbers they had.
func (n *formNode) rows(list string) []*formNode {
	m := n.lists[list]
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]*formNode, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// planRowFields are the fields each list's rows may hold; any other name is ignored.
var planRowFields = map[string][]string{
	"problems":      {"statement"},
	"goals":         {"statement"},
	"objectives":    {"statement", "target_date", "measure", "below", "baseline"},
	"interventions": {"modality", "frequency", "detail"},
}

// planChildLists are the lists each list's rows hold.
var planChildLists = map[string][]string{"problems": {"goals", "interventions"}, "goals": {"objectives"}}

// parseRowName reads "problems.0.goals.1.statement" into the path of (list, index) steps and the field.
func parseRowName(name string) (lists []string, idx []int, field string, ok bool) {
	parts := strings.Split(name, ".")
	if len(parts)%2 != 1 || len(parts) < 3 || parts[0] != "problems" {
		return nil, nil, "", false
	}
	list := ""
	for i := 0; i+1 < len(parts); i += 2 {
		if i > 0 && !slices.Contains(planChildLists[list], parts[i]) {
			return nil, nil, "", false
		}
		list = parts[i]
		n, err := strconv.Atoi(parts[i+1])
		if err != nil || n < 0 {
			return nil, nil, "", false
		}
		lists, idx = append(lists, list), append(idx, n)
	}
	field = parts[len(parts)-1]
	return lists, idx, field, slices.Contains(planRowFields[list], field)
}

// planFormFrom reads the submitted editor.
func planFormFrom(r *http.Request) planForm {
	f := planForm{Title: r.PostFormValue("title"), Narrative: r.PostFormValue("narrative"), ReviewDate: r.PostFormValue("review_date"),
		Diagnoses: map[string]bool{}, Errors: map[string]string{}}
	f.BaseVersion, _ = strconv.Atoi(r.PostFormValue("base_version"))
	for _, id := range r.PostForm["diagnoses"] {
		f.pick(id)
	}
	root := &formNode{}
	for name, vs := range r.PostForm {
		lists, idx, field, ok := parseRowName(name)
		if !ok || len(vs) == 0 {
			continue
		}
		n := root
		for i := range lists {
			n = n.child(lists[i], idx[i])
		}
		n.fields[field] = vs[0]
	}
	for _, pn := range root.rows("problems") {
		pr := problemRow{Statement: pn.fields["statement"]}
		for _, gn := range pn.rows("goals") {
			g := goalRow{Statement: gn.fields["statement"]}
			for _, on := range gn.rows("objectives") {
				o := on.fields
				g.Objectives = append(g.Objectives, objectiveRow{Statement: o["statement"], TargetDate: o["target_date"], Measure: o["measure"],
					Below: o["below"], Baseline: o["baseline"]})
			}
			pr.Goals = append(pr.Goals, g)
		}
		for _, in := range pn.rows("interventions") {
			v := in.fields
			pr.Interventions = append(pr.Interventions, interventionRow{Modality: v["modality"], Frequency: v["frequency"], Detail: v["detail"]})
		}
		f.Problems = append(f.Problems, pr)
	}
	f.number()
	return f
}

// addRow appends an empty row to the list named by prefix ("problems.", "problems.0.goals.",
// "problems.0.goals.1.objectives.", "problems.0.interventions.") and marks its first input for focus.
// An unknown prefix adds nothing.
func (f *planForm) addRow(prefix string) {
	parts := strings.Split(strings.TrimSuffix(prefix, "."), ".")
	num := func(i int) int {
		if i >= len(parts) {
			return -1
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return -1
		}
		return n
	}
	switch {
	case len(parts) == 1 && parts[0] == "problems":
		f.Problems = append(f.Problems, newProblemRow())
		f.Focus = "problems." + strconv.Itoa(len(f.Problems)-1) + ".statement"
	case len(parts) == 3 && parts[0] == "problems" && num(1) >= 0 && num(1) < len(f.Problems):
		pr := &f.Problems[num(1)]
		switch parts[2] {
		case "goals":
			pr.Goals = append(pr.Goals, newGoalRow())
			f.Focus = prefix + strconv.Itoa(len(pr.Goals)-1) + ".statement"
		case "interventions":
			pr.Interventions = append(pr.Interventions, interventionRow{})
			f.Focus = prefix + strconv.Itoa(len(pr.Interventions)-1) + ".modality"
		}
	case len(parts) == 5 && parts[0] == "problems" && parts[2] == "goals" && parts[4] == "objectives" &&
		num(1) >= 0 && num(1) < len(f.Problems) && num(3) >= 0 && num(3) < len(f.Problems[num(1)].Goals):
		g := &f.Problems[num(1)].Goals[num(3)]
		g.Objectives = append(g.Objectives, objectiveRow{})
		f.Focus = prefix + strconv.Itoa(len(g.Objectives)-1) + ".statement"
	}
	f.number()
}

func blank(ss ...string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// compact drops the rows left wholly empty, as the model's Normalize does, so the rows the form shows
// again and the rows the use case numbers its messages by are the same.
func (f *planForm) compact() {
	var probs []problemRow
	for _, pr := range f.Problems {
		var goals []goalRow
		for _, g := range pr.Goals {
			g.Objectives = slices.DeleteFunc(g.Objectives, func(o objectiveRow) bool {
				return blank(o.Statement, o.TargetDate, o.Measure, o.Below, o.Baseline)
			})
			if !blank(g.Statement) || len(g.Objectives) > 0 {
				goals = append(goals, g)
			}
		}
		pr.Goals = goals
		pr.Interventions = slices.DeleteFunc(pr.Interventions, func(iv interventionRow) bool { return blank(iv.Modality, iv.Frequency, iv.Detail) })
		if !blank(pr.Statement) || len(pr.Goals) > 0 || len(pr.Interventions) > 0 {
			probs = append(probs, pr)
		}
	}
	f.Problems = probs
	f.number()
}

// content builds the plan's content from the compacted form. A score that is not a whole number, or a
// score without its assessment, is a message on the objective's measure; content is then not sent.
func (f *planForm) content() (model.PlanContent, bool) {
	c := model.PlanContent{Title: f.Title, Narrative: f.Narrative, ReviewDate: f.ReviewDate, Diagnoses: []model.PlanDiagnosis{}}
	for _, id := range f.picked { // in the chart's order, as the checkboxes list them
		c.Diagnoses = append(c.Diagnoses, model.PlanDiagnosis{DiagnosisID: id})
	}
	ok := true
	score := func(field, s string) *int {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Errors[field] = "Enter a score as a whole number, such as 10."
			ok = false
			return nil
		}
		return &n
	}
	for _, pr := range f.Problems {
		p := model.PlanProblem{Statement: pr.Statement}
		for _, g := range pr.Goals {
			mg := model.PlanGoal{Statement: g.Statement}
			for _, o := range g.Objectives {
				mo := model.PlanObjective{Statement: o.Statement, TargetDate: o.TargetDate}
				field := o.Name("measure")
				below, baseline := score(field, o.Below), score(field, o.Baseline)
				switch {
				case strings.TrimSpace(o.Measure) != "":
					m := &model.PlanMeasure{Scoring: strings.TrimSpace(o.Measure), Baseline: baseline}
					if below != nil {
						m.Below = *below
					}
					mo.Measure = m
				case (below != nil || baseline != nil) && f.Errors[field] == "":
					f.Errors[field] = "Choose the assessment these scores are on, or clear the scores."
					ok = false
				}
				mg.Objectives = append(mg.Objectives, mo)
			}
			p.Goals = append(p.Goals, mg)
		}
		for _, iv := range pr.Interventions {
			p.Interventions = append(p.Interventions, model.PlanIntervention{Modality: iv.Modality, Frequency: iv.Frequency, Detail: iv.Detail})
		}
		c.Problems = append(c.Problems, p)
	}
	if !ok {
		f.Message = "Some fields need attention. Look for the messages below."
	}
	return c, ok
}
