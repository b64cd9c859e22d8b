package plandiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// rebuild is the older (equal and deleted spans) and the newer (equal and inserted) text of spans.
func rebuild(spans []Span) (old, cur string) {
	var a, b strings.Builder
	for _, s := range spans {
		if s.Op != Insert {
			a.WriteString(s.Text)
		}
		if s.Op != Delete {
			b.WriteString(s.Text)
		}
	}
	return a.String(), b.String()
}

// boundaries are the byte offsets at which s's tokens start, and its end.
func boundaries(s string) map[int]bool {
	out := map[int]bool{len(s): true}
	for i := 0; i < len(s); i += tokenLen(s[i:]) {
		out[i] = true
	}
	return out
}

// checkSpans fails unless the spans rebuild a and b and every span starts and ends between tokens.
func checkSpans(t *testing.T, a, b string, spans []Span) {
	t.Helper()
	old, cur := rebuild(spans)
	if old != a || cur != b {
		t.Fatalf("the spans do not rebuild the texts:\n%q\n%q\n%q\n%q", old, a, cur, b)
	}
	ba, bb := boundaries(a), boundaries(b)
	i, j := 0, 0
	for _, s := range spans {
		if s.Op != Insert {
			if i += len(s.Text); !ba[i] {
				t.Fatalf("a span splits a word of the older text at %d: %q", i, s.Text)
			}
		}
		if s.Op != Delete {
			if j += len(s.Text); !bb[j] {
				t.Fatalf("a span splits a word of the newer text at %d: %q", j, s.Text)
			}
		}
	}
}

// Proves TP-1.
func TestTokens(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"The client's part-time job.":  {"The", " ", "client's", " ", "part-time", " ", "job", "."},
		"PHQ-9 below 10 by 2026-03-01": {"PHQ-9", " ", "below", " ", "10", " ", "by", " ", "2026-03-01"},
		"F41.1 (GAD)\n\n- walk":        {"F41.1", " ", "(", "GAD", ")", "\n\n", "-", " ", "walk"},
		"Ζωή μέρα, مرحبا بكم":          {"Ζωή", " ", "μέρα", ",", " ", "مرحبا", " ", "بكم"},
		"end. 'quoted' a\xffb":         {"end", ".", " ", "'", "quoted", "'", " ", "a", "\xff", "b"},
		"😊 e\u0301":                    {"😊", " ", "e\u0301"},
	} {
		var got []string
		for s := in; len(s) > 0; {
			n := tokenLen(s)
			got = append(got, s[:n])
			s = s[n:]
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%q: tokens %q, want %q", in, got, want)
		}
	}
}

// More distinct words than there are characters below the surrogates still diff right: the token
// encoding is the one DiffCharsToLines reads back.
// Proves TP-1.
func TestManyTokens(t *testing.T) {
	t.Parallel()
	var a, b strings.Builder
	for i := range 0xF800 + 2000 {
		fmt.Fprintf(&a, "w%d ", i)
		if i%5000 == 0 {
			fmt.Fprintf(&b, "new%d ", i)
		}
		fmt.Fprintf(&b, "w%d ", i)
	}
	spans := diffWords(a.String(), b.String())
	checkSpans(t, a.String(), b.String(), spans)
	ins := 0
	for _, s := range spans {
		if s.Op == Delete {
			t.Fatalf("deleted %q", s.Text)
		}
		if s.Op == Insert {
			ins += countWords(s.Text)
		}
	}
	if want := (0xF800+2000)/5000 + 1; ins != want {
		t.Errorf("%d words inserted, want %d", ins, want)
	}
}

// Random edits of prose, in several scripts and with stray bytes: the spans always rebuild both texts
// and never split a word.
// Proves TP-1.
func TestRandomEdits(t *testing.T) {
	t.Parallel()
	vocab := strings.Fields("sleep mood walk Ζωή μέρα مرحبا بكم PHQ-9 2026-03-01 client's 😊 , . - ( ) \xff")
	seps := []string{" ", "  ", "\n", "\n\n- ", ""}
	r := rand.New(rand.NewPCG(1, 2))
	gen := func(n int) []string {
		var out []string
		for range n {
			out = append(out, vocab[r.IntN(len(vocab))], seps[r.IntN(len(seps))])
		}
		return out
	}
	for range 300 {
		a := gen(r.IntN(60))
		b := append([]string(nil), a...)
		for range r.IntN(6) {
			switch i := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = append(b[:i], append(gen(r.IntN(4)), b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i], b[min(len(b), i+r.IntN(4)):]...)
				}
			default:
				if i < len(b) {
					b[i] = vocab[r.IntN(len(vocab))]
				}
			}
		}
		sa, sb := strings.Join(a, ""), strings.Join(b, "")
		checkSpans(t, sa, sb, diffWords(sa, sb))
	}
}
