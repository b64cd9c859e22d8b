package model_test

import (
	"testing"

	"tend/internal/model"
)

// Issue 12, item 4: addresses that only look alike share a confusable skeleton (Unicode TR39); ones
// that merely resemble each other to a careless eye do not. Proves CL-2.
func TestEmailSkeleton(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"papa@example.org", "\u0440\u0430\u0440\u0430@example.org", true}, // Cyrillic р, а
		{"bob@example.org", "b\u03bfb@example.org", true},                  // Greek omicron
		{"modern@example.org", "rnodern@example.org", true},                // rn looks like m
		{"paypal@example.org", "paypa1@example.org", true},                 // digit one looks like l
		{"Papa@Example.org", "papa@example.org", true},                     // case does not matter
		{"bob@example.org", "b0b@example.org", false},                      // zero is not o in TR39
		{"papa@example.org", "mama@example.org", false},
		{"jose@example.net", "josé@example.net", false},
	} {
		if got := model.EmailSkeleton(tc.a) == model.EmailSkeleton(tc.b); got != tc.same {
			t.Errorf("%q and %q: same skeleton %v, want %v (%q, %q)", tc.a, tc.b, got, tc.same,
				model.EmailSkeleton(tc.a), model.EmailSkeleton(tc.b))
		}
	}
	if model.EmailSkeleton("  ") != "" {
		t.Error("no email has a skeleton")
	}
}
