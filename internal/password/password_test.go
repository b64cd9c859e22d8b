package password

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pw string
		personal []string
		ok       bool
	}{
		{"nine characters refused", "abcdefgh9", nil, false},
		{"ten unusual characters accepted", "plum-ferry-7", nil, true},
		{"64+ characters accepted", "quiet lantern beside the harbour wall, seven gulls and one tired ferry", nil, true},
		{"a long passphrase of 200 characters accepted", "otter meadow " + strings.Repeat("x", 180) + " end of story", nil, true},
		{"over 1024 refused", strings.Repeat("x1", 600), nil, false},
		{"common password refused", "password123", nil, false},
		{"common password in capitals refused", "IloveYou123", nil, false},
		{"common base with digits refused", "sunshine2024", nil, false},
		{"digit run refused", "1234567890", nil, false},
		{"repeated character refused", "aaaaaaaaaaaa", nil, false},
		{"keyboard row refused", "qwertyuiop", nil, false},
		{"listed word with digits refused", "trustno1234", nil, false},
		{"a repeated unit refused", "abc123abc123", nil, false},
		{"a word said three times refused", "blahblahblah", nil, false},
		{"own email refused", "ana@example.org", []string{"ana@example.org"}, false},
		{"own name without spaces refused", "AnaMariaLopez", []string{"x@example.org", "Ana Maria Lopez"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := Check(tc.pw, tc.personal...)
			if got := msg == ""; got != tc.ok {
				t.Fatalf("Check(%q) = %q, want ok=%v", tc.pw, msg, tc.ok)
			}
		})
	}
}

func TestHashVerify(t *testing.T) {
	t.Parallel()
	h, err := Hash("plum-ferry-7 lantern")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=7168,t=5,p=1$") {
		t.Fatalf("hash %q is not argon2id with the expected parameters", h)
	}
	if ok, err := Verify("plum-ferry-7 lantern", h); err != nil || !ok {
		t.Fatalf("Verify(right) = %v, %v; want true", ok, err)
	}
	if ok, err := Verify("plum-ferry-7 lanterN", h); err != nil || ok {
		t.Fatalf("Verify(wrong) = %v, %v; want false", ok, err)
	}
	h2, _ := Hash("plum-ferry-7 lantern")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if _, err := Verify("x", "$bcrypt$whatever"); err == nil {
		t.Fatal("Verify accepted a non-argon2id hash")
	}
}

// Issue 11, item 8: a Hasher's cost is its own; the zero value is the standard cost, and Verify honours
// whatever cost a hash was made with.
func TestHasherCost(t *testing.T) {
	t.Parallel()
	cheap, err := Hasher{MemoryKiB: 64, Passes: 1}.Hash("plum-ferry-7 lantern")
	if err != nil || !strings.Contains(cheap, "$m=64,t=1,p=1$") {
		t.Fatalf("cheap hash %q, %v", cheap, err)
	}
	if ok, err := Verify("plum-ferry-7 lantern", cheap); err != nil || !ok {
		t.Fatalf("Verify(cheap) = %v, %v", ok, err)
	}
	standard, _ := Hasher{}.Hash("plum-ferry-7 lantern")
	if !strings.Contains(standard, "$m=7168,t=5,p=1$") {
		t.Fatalf("the zero Hasher made %q, want the standard cost", standard)
	}
}

// Issue 19, item 2: the standard cost moved from 19 MiB and 2 passes to OWASP's equally strong 7 MiB and
// 5 passes. A hash made with the old cost still verifies, and NeedsRehash asks for it to be replaced;
// a hash of the hasher's own cost needs nothing, whatever that cost is.
func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	old, err := Hasher{MemoryKiB: 19 * 1024, Passes: 2}.Hash("plum-ferry-7 lantern")
	if err != nil || !strings.Contains(old, "$m=19456,t=2,p=1$") {
		t.Fatalf("old-cost hash %q, %v", old, err)
	}
	if ok, err := Verify("plum-ferry-7 lantern", old); err != nil || !ok {
		t.Fatalf("Verify(old cost) = %v, %v; want true", ok, err)
	}
	standard, _ := Hash("plum-ferry-7 lantern")
	cheap := Hasher{MemoryKiB: 64, Passes: 1}
	cheapHash, _ := cheap.Hash("plum-ferry-7 lantern")
	for _, tc := range []struct {
		name string
		h    Hasher
		hash string
		want bool
	}{
		{"the old standard against the new", Hasher{}, old, true},
		{"the standard against itself", Hasher{}, standard, false},
		{"a cheap hash against the standard", Hasher{}, cheapHash, true},
		{"a cheap hash against its own cost", cheap, cheapHash, false},
		{"the standard against a cheap hasher", cheap, standard, true},
		{"two lanes", Hasher{}, strings.Replace(standard, ",p=1$", ",p=2$", 1), true},
		{"not a hash", Hasher{}, "$bcrypt$whatever", false},
	} {
		if got := tc.h.NeedsRehash(tc.hash); got != tc.want {
			t.Errorf("%s: NeedsRehash = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Issue 12, item 2: a Hasher with Slots runs no more hashes at once than it has slots; the others wait
// for a free one (so a flood of sign-ins queues instead of taking 7 MiB each at once).
func TestHasherSlotsBoundConcurrency(t *testing.T) {
	t.Parallel()
	h := Hasher{MemoryKiB: 64, Passes: 1, Slots: NewSlots(1)}
	h.Slots <- struct{}{} // someone else is hashing
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := h.Hash("plum-ferry-7 lantern"); err != nil {
			t.Error(err)
		}
		h.Burn("x")
		if _, err := h.Verify("x", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"); err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-done:
		t.Fatal("a hash ran while the only slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	<-h.Slots // the other hash finishes
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting hash never ran after the slot was freed")
	}
	if len(h.Slots) != 0 {
		t.Fatalf("%d slots still held after every hash finished", len(h.Slots))
	}
}

// Issue 13, item 16 (TR-3): the rule a form states and the rule Check enforces are one. The length the
// hint names is the length Check needs, and no page states a length of its own.
func TestHintAgreesWithCheck(t *testing.T) {
	t.Parallel()
	short, long := strings.Repeat("plum", MinLength)[:MinLength-1], strings.Repeat("plum", MinLength)[:MinLength]
	long = long[:len(long)-1] + "z" // not a repeated unit
	if Check(short) == "" {
		t.Fatalf("Check(%q) accepts %d characters, below the minimum %d", short, len(short), MinLength)
	}
	if msg := Check(long); msg != "" {
		t.Fatalf("Check(%q) = %q: the minimum %d is refused", long, msg, MinLength)
	}
	want := fmt.Sprintf("At least %d characters", MinLength)
	if !strings.HasPrefix(Hint(), want) || !strings.HasPrefix(Rule("their"), want) {
		t.Fatalf("hint %q / rule %q do not start with %q", Hint(), Rule("their"), want)
	}
	if msg := Check(short); !strings.Contains(msg, fmt.Sprintf("%d characters", MinLength)) {
		t.Fatalf("the too-short message %q does not name %d characters", msg, MinLength)
	}
	// What else Check refuses is said too: a common password, the person's name or email.
	if !strings.Contains(Hint(), "common password") || !strings.Contains(Hint(), "your name or email") {
		t.Fatalf("hint %q does not say what Check refuses", Hint())
	}
}

// Issue 13, item 16: every staff and portal template takes the hint from Hint or Rule; one that writes
// its own ("At least 12 characters") would say something Check does not enforce.
func TestNoTemplateStatesItsOwnPasswordRule(t *testing.T) {
	t.Parallel()
	own := regexp.MustCompile(`(?i)\b\d+\s+characters`)
	for _, dir := range []string{"../web/templates", "../portal/templates"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(b), "\n") {
				if strings.Contains(strings.ToLower(line), "password") && own.MatchString(line) {
					t.Errorf("%s:%d states its own password length: %s", path, i+1, strings.TrimSpace(line))
				}
				if strings.Contains(line, `"new-password"`) && !strings.Contains(line, "passwordHint") && !strings.Contains(line, "passwordRule") &&
					!strings.Contains(line, "again") && !strings.Contains(line, "confirm") {
					t.Errorf("%s:%d asks for a new password without the shared hint: %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Issue 19, item 2: sign-in hashes leave one core to the other requests, and never fewer than one slot.
func TestHashSlots(t *testing.T) {
	t.Parallel()
	for cores, want := range map[int]int{0: 1, 1: 1, 2: 1, 4: 3, 16: 15} {
		if got := HashSlots(cores); got != want {
			t.Errorf("HashSlots(%d) = %d, want %d", cores, got, want)
		}
	}
}

// BenchmarkHash times one hash at the standard cost (7 MiB, 5 passes) and at the cost before issue 19
// (19 MiB, 2 passes), one core each: OWASP rates them equally strong, and they should cost about the same.
func BenchmarkHash(b *testing.B) {
	for _, c := range []struct {
		name string
		h    Hasher
	}{{"m=7MiB,t=5", Hasher{}}, {"m=19MiB,t=2", Hasher{MemoryKiB: 19 * 1024, Passes: 2}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.h.Hash("plum-ferry-7 lantern"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
