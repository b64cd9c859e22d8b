package id

import "testing"

func TestNew(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	prev := ""
	for range 1000 {
		s := New()
		if !Valid(s) {
			t.Fatalf("New() = %q, not a canonical UUID", s)
		}
		if s[14] != '7' {
			t.Fatalf("New() = %q, version nibble %c, want 7", s, s[14])
		}
		if c := s[19]; c != '8' && c != '9' && c != 'a' && c != 'b' {
			t.Fatalf("New() = %q, variant %c, want 8, 9, a or b", s, c)
		}
		if seen[s] {
			t.Fatalf("New() repeated %q", s)
		}
		if s[:13] < prev[:min(13, len(prev))] {
			t.Fatalf("New() = %q went back in time after %q", s, prev)
		}
		seen[s], prev = true, s
	}
	if Valid("not-a-uuid") || Valid("0192F2C3-0000-7000-8000-000000000000") {
		t.Fatal("Valid accepted a malformed id")
	}
}
