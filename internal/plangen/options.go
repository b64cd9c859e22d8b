// Package plangen drafts treatment plans (issue 15, item 6; TP-2): a built-in generator that assembles a
// plan from a library Tend ships, with no network, and an optional OpenAI-compatible language-model
// endpoint that is sent only a de-identified summary. A draft is never signed; the clinician edits it.
package plangen

import (
	"fmt"

	"tend/internal/model"
)

// The option values. An empty option means the default (medium, professional, structured).
const (
	LengthShort  = "short"
	LengthMedium = "medium"
	LengthLong   = "long"

	ToneProfessional   = "professional"
	ToneConversational = "conversational"
	ToneClinical       = "clinical"

	FormatStructured = "structured"
	FormatNarrative  = "narrative"
	FormatBullets    = "bullets"
)

// Sources a draft may be asked from.
const (
	SourceBuiltin = "builtin"
	SourceLLM     = "llm"
)

// Options shape a draft: how long, in what register, and whether the plan is carried by its structured
// parts, by prose or by bullet lists.
type Options struct{ Length, Tone, Format string }

// Validate reports an unknown option as a field error naming it.
func (o Options) Validate() error {
	p := model.Problems{}
	check := func(field, v string, allowed ...string) {
		if v == "" {
			return
		}
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		p.Add(field, fmt.Sprintf("Choose %s, %s or %s.", allowed[0], allowed[1], allowed[2]))
	}
	check("length", o.Length, LengthShort, LengthMedium, LengthLong)
	check("tone", o.Tone, ToneProfessional, ToneConversational, ToneClinical)
	check("format", o.Format, FormatStructured, FormatNarrative, FormatBullets)
	return p.Err()
}

// withDefaults puts the default in place of an empty (or unknown) option.
func (o Options) withDefaults() Options {
	pick := func(v, def string, allowed ...string) string {
		for _, a := range allowed {
			if v == a {
				return v
			}
		}
		return def
	}
	o.Length = pick(o.Length, LengthMedium, LengthShort, LengthMedium, LengthLong)
	o.Tone = pick(o.Tone, ToneProfessional, ToneProfessional, ToneConversational, ToneClinical)
	o.Format = pick(o.Format, FormatStructured, FormatStructured, FormatNarrative, FormatBullets)
	return o
}

// String is the options as a version's source note says them: "short, professional, structured".
func (o Options) String() string {
	o = o.withDefaults()
	return o.Length + ", " + o.Tone + ", " + o.Format
}
