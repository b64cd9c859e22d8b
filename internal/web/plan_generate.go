package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"tend/internal/model"
	"tend/internal/plangen"
	"tend/internal/plans"
)

// Issue 15, item 6 (TP-2): a generated draft, as a new plan from the Treatment plan tab or as a new
// version from a plan's page. Either way it is an unsigned version the clinician reads and edits: the
// page goes on to the editor.

// draftChoice is one option of a draft form's select.
type draftChoice struct{ Value, Label string }

// draftForm is the "Draft a plan" / "Generate a new draft" form: what was picked (or typed) and the
// refusal's messages, and whether the language-model service may be offered.
type draftForm struct {
	form
	External bool
	Action   string // where the form posts
	NewPlan  bool   // the tab's form, which starts a plan; else a plan page's, which adds a version
}

// The choices, in the order shown; the first is the default.
var (
	draftLengths = []draftChoice{{plangen.LengthMedium, "Medium"}, {plangen.LengthShort, "Short"}, {plangen.LengthLong, "Long"}}
	draftTones   = []draftChoice{{plangen.ToneProfessional, "Professional"}, {plangen.ToneConversational, "Conversational"},
		{plangen.ToneClinical, "Clinical"}}
	draftFormats = []draftChoice{{plangen.FormatStructured, "Structured"}, {plangen.FormatNarrative, "Narrative"},
		{plangen.FormatBullets, "Bullet points"}}
)

// Choices are the options of the select name.
func (f draftForm) Choices(name string) []draftChoice {
	switch name {
	case "length":
		return draftLengths
	case "tone":
		return draftTones
	case "format":
		return draftFormats
	}
	out := []draftChoice{{plangen.SourceBuiltin, "Tend's built-in generator (on this server)"}}
	if f.External {
		out = append(out, draftChoice{plangen.SourceLLM, "The language-model service"})
	}
	return out
}

// draftSelect is one select of the form, for the "plandraftselect" partial.
type draftSelect struct {
	Name, Label, Error string
	Options            []draftOption
}

type draftOption struct {
	draftChoice
	Selected bool
}

// Select is the select name with its label: what was sent is chosen, else the first option.
func (f draftForm) Select(name, label string) draftSelect {
	ds := draftSelect{Name: name, Label: label, Error: f.Errors[name]}
	sent := f.Get(name)
	for i, c := range f.Choices(name) {
		ds.Options = append(ds.Options, draftOption{draftChoice: c, Selected: c.Value == sent || sent == "" && i == 0})
	}
	return ds
}

var draftFields = []string{"length", "tone", "format", "source"}

// newDraftForm is an empty draft form, offering the language model when the installation and the
// practice allow it.
func (s *Server) newDraftForm(ctx context.Context, p model.Principal, action string, newPlan bool) (draftForm, error) {
	ext, err := s.Plans.ExternalDrafting(ctx, p)
	return draftForm{form: newForm(), External: ext, Action: action, NewPlan: newPlan}, err
}

// generateInput reads the form's choices.
func generateInput(r *http.Request) plans.GenerateInput {
	return plans.GenerateInput{Options: plangen.Options{Length: r.PostFormValue("length"), Tone: r.PostFormValue("tone"),
		Format: r.PostFormValue("format")}, Source: r.PostFormValue("source")}
}

// generatedFlash says the draft is unsigned and for the clinician to edit, and why the language model
// was not used when it was asked for.
func generatedFlash(g plans.Generated) string {
	by := "Tend's built-in generator"
	if g.Version.Source == model.PlanLLM {
		by = "the language-model service"
	}
	msg := fmt.Sprintf("Version %d is an unsigned draft from %s. Read it, change what does not fit this client, save, then sign it.",
		g.Version.Number, by)
	if g.Fallback != "" {
		msg += " The language-model service was not used: " + strings.TrimPrefix(g.Fallback, "the language model was not used: ") + "."
	}
	return msg
}

// planGenerateNew drafts a new plan from the Treatment plan tab. A refusal shows the tab again with the
// message next to its field.
func (s *Server) planGenerateNew(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	g, err := s.Plans.Generate(r.Context(), p, r.PathValue("id"), "", generateInput(r))
	if err != nil {
		f := formFrom(r, draftFields...)
		if !validation(err, &f) {
			return err
		}
		r.URL.RawQuery = "tab=plan" // the chart opens on the tab the form is on
		data, derr := s.chartData(w, r, p, "", newForm())
		if derr != nil {
			return derr
		}
		if data.Plans != nil {
			data.Plans.Draft.form = f
		}
		s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
		return nil
	}
	s.setFlash(w, generatedFlash(g))
	http.Redirect(w, r, planURL(g.Plan.ChartID, g.Plan.ID)+"/edit", http.StatusSeeOther)
	return nil
}

// planGenerateVersion drafts a new version of a plan, keeping its title. A refusal shows the plan's page
// again with the message next to its field.
func (s *Server) planGenerateVersion(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	g, err := s.Plans.Generate(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), generateInput(r))
	if err != nil {
		f := formFrom(r, draftFields...)
		if !validation(err, &f) {
			return err
		}
		data, derr := s.planPageData(w, r, p, 0)
		if derr != nil {
			return derr
		}
		data.Draft.form = f
		s.render(w, r, http.StatusUnprocessableEntity, "plan", data)
		return nil
	}
	s.setFlash(w, generatedFlash(g))
	http.Redirect(w, r, planURL(g.Plan.ChartID, g.Plan.ID)+"/edit", http.StatusSeeOther)
	return nil
}
