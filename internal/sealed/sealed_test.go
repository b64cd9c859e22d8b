package sealed_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"tend/internal/sealed"
)

// TR-2: a sealed secret opens with its key and bind only, and does not show the secret.
func TestSealOpen(t *testing.T) {
	t.Parallel()
	box, err := sealed.New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := sealed.New(bytes.Repeat([]byte{8}, 32))
	s, err := box.Seal("JBSWY3DPEHPK3PXP", "staff-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("sealed value %q shows the secret", s)
	}
	if got, err := box.Open(s, "staff-1"); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open = %q, %v", got, err)
	}
	s2, _ := box.Seal("JBSWY3DPEHPK3PXP", "staff-1")
	if s2 == s {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	for name, try := range map[string]func() (string, error){
		"other bind": func() (string, error) { return box.Open(s, "staff-2") },
		"other key":  func() (string, error) { return other.Open(s, "staff-1") },
		"changed":    func() (string, error) { return box.Open(s[:len(s)-2]+"AA", "staff-1") },
		"not sealed": func() (string, error) { return box.Open("JBSWY3DPEHPK3PXP", "staff-1") },
		"bad base64": func() (string, error) { return box.Open("v1:@@@", "staff-1") },
		"too short":  func() (string, error) { return box.Open("v1:AAAA", "staff-1") },
	} {
		if got, err := try(); !errors.Is(err, sealed.ErrOpen) || got != "" {
			t.Errorf("%s: open = %q, %v; want ErrOpen", name, got, err)
		}
	}
	if _, err := sealed.New([]byte("short")); err == nil {
		t.Fatal("a short key was accepted")
	}
}
