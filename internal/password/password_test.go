package password

import (
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
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
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
	if !strings.Contains(standard, "$m=19456,t=2,p=1$") {
		t.Fatalf("the zero Hasher made %q, want the standard cost", standard)
	}
}

// Issue 12, item 2: a Hasher with Slots runs no more hashes at once than it has slots; the others wait
// for a free one (so a flood of sign-ins queues instead of taking 19 MiB each at once).
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
