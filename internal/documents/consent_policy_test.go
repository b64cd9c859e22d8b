package documents_test

import (
	"reflect"
	"strings"
	"testing"

	"tend/internal/documents"
	"tend/internal/model"
)

// Issue 13, item 19: the consent shows the practice's cancellation policy and asks the client to confirm
// it, before the signature; the first release's question (which asked to confirm a policy it never
// showed) is replaced where it stood; with no policy, the consent asks nothing about one. The result is
// a valid template at the longest policy allowed, and applying it twice changes nothing.
// Proves DC-1.
func TestWithPolicy(t *testing.T) {
	t.Parallel()
	consent := builtin(t, "consent").Fields
	ids := func(fs []model.Field) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return strings.Join(out, " ")
	}
	legacy := append(append([]model.Field(nil), consent[:4]...),
		model.Field{ID: "cancellation", Kind: model.FieldYesNo, Required: true, Label: "I have read the practice's cancellation policy."}, consent[4])
	long := strings.Repeat("p", model.MaxCancellationPolicy)
	for _, tc := range []struct {
		name   string
		fields []model.Field
		policy string
		want   string
	}{
		{"built-in, no policy", consent, "", "terms services confidentiality records signature"},
		{"built-in, a policy", consent, "Cancel a day ahead.", "terms services confidentiality records cancellation_policy cancellation signature"},
		{"first release, no policy", legacy, "", "terms services confidentiality records signature"},
		{"first release, a policy", legacy, long, "terms services confidentiality records cancellation_policy cancellation signature"},
		{"no signature", consent[:2], "Cancel a day ahead.", "terms services cancellation_policy cancellation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := documents.WithPolicy(tc.fields, tc.policy)
			if ids(got) != tc.want {
				t.Fatalf("fields %q, want %q", ids(got), tc.want)
			}
			if !reflect.DeepEqual(documents.WithPolicy(got, tc.policy), got) {
				t.Fatal("applying it again changed the fields")
			}
			p := model.Problems{}
			model.ValidateFields(p, got)
			if len(p) > 0 {
				t.Fatalf("not a valid template: %v", p)
			}
			for _, f := range got {
				if f.ID == documents.PolicyTextID && f.Help != tc.policy {
					t.Fatalf("the policy shown is %q", f.Help)
				}
				if strings.Contains(f.Label, "practice's cancellation policy") {
					t.Fatal("the consent still asks to confirm a policy it does not show")
				}
			}
		})
	}
}
