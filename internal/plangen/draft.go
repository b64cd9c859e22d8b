package plangen

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/model"
)

// Generator drafts plans with the built-in generator and, when one is configured and the practice allows
// it, a language-model endpoint.
type Generator struct {
	LLM *LLM // nil: none configured
}

// The reasons a language-model draft came from the built-in generator instead, besides the endpoint's
// own failures.
const (
	FallbackNotAllowed    = "external drafting is off for this practice"
	FallbackNotConfigured = "no language-model endpoint is configured"
)

// Draft makes a draft from in. source "builtin" (or "") uses the built-in generator; "llm" asks the
// language model and falls back to the built-in generator, saying why in Result.Fallback, when the
// practice does not allow it (externalAllowed false), none is configured, or the endpoint fails, times
// out or answers something that is not a valid plan. Invalid options or source are a field error; a
// cancelled ctx is an error, not a fallback.
func (g *Generator) Draft(ctx context.Context, in Input, o Options, source string, externalAllowed bool) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	if source != "" && source != SourceBuiltin && source != SourceLLM {
		return Result{}, model.FieldError("source", "Choose builtin or llm.")
	}
	if _, err := in.today(); err != nil {
		return Result{}, err
	}
	o = o.withDefaults()
	builtin := func(fallback string) Result {
		return Result{Content: Builtin(in, o), Source: model.PlanBuiltin, Note: o.String(), Fallback: fallback}
	}
	if source != SourceLLM {
		return builtin(""), nil
	}
	if !externalAllowed {
		return builtin(FallbackNotAllowed), nil
	}
	if g == nil || g.LLM == nil {
		return builtin(FallbackNotConfigured), nil
	}
	l := g.LLM
	p := buildPrompt(in, o)
	content, err := l.complete(ctx, p)
	if err == nil {
		var c model.PlanContent
		if c, err = parseAnswer(content, in); err == nil {
			return Result{Content: c, Source: model.PlanLLM, Note: l.Model + "; " + o.String(), Sent: p.sent, Host: l.Host(), Model: l.Model}, nil
		}
		err = &FailedError{Reason: "the endpoint's answer was not a usable plan (" + err.Error() + ")", Err: err}
	}
	if ctx.Err() != nil && !errors.Is(err, context.DeadlineExceeded) {
		return Result{}, fmt.Errorf("plangen: draft: %w", ctx.Err())
	}
	reason := err.Error()
	var fe *FailedError
	if errors.As(err, &fe) {
		reason = fe.Reason
	}
	r := builtin("the language model was not used: " + reason)
	r.Sent, r.Host, r.Model = p.sent, l.Host(), l.Model
	return r, nil
}
