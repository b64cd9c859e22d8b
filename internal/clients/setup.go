package clients

import (
	"context"

	"tend/internal/model"
)

// SetupStep is one step of the new-client setup wizard (CL-4).
type SetupStep struct {
	Key   string
	Title string
	Ready bool // false while the feature behind the step is not built yet
}

// SetupSteps are the wizard's steps in order; every one is optional.
func SetupSteps() []SetupStep {
	return []SetupStep{
		{"account", "Account info", true},
		{"contact", "Contact info", true},
		{"demographics", "Demographics", true},
		{"portal", "Portal invitation", true},
		{"billing", "Billing settings", true},
		{"contacts", "Contacts", true},
	}
}

// NextSetupStep is the step after key, or "" after the last.
func NextSetupStep(key string) string {
	steps := SetupSteps()
	for i, st := range steps {
		if st.Key == key && i+1 < len(steps) {
			return steps[i+1].Key
		}
	}
	return ""
}

// SaveSetupStep saves what was entered on a wizard step and remembers the step to resume at, in one
// transaction. With complete set, the wizard is finished and the chart leaves Needs attention.
func (s *Service) SaveSetupStep(ctx context.Context, p model.Principal, chartID, step string, ch model.ClientChange, complete bool) (model.Client, error) {
	valid := false
	for _, st := range SetupSteps() {
		valid = valid || st.Key == step
	}
	if !valid {
		return model.Client{}, model.FieldError("step", "Choose a step of the setup.")
	}
	return s.update(ctx, p, chartID, ch, nil, func(c *model.Client) {
		c.SetupStep = NextSetupStep(step)
		if complete || c.SetupStep == "" {
			c.SetupCompletedAt = s.Now().UTC()
		}
	})
}
