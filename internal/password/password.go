// Package password hashes passwords with argon2id and applies Tend's password policy.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters follow OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	keyLen    = 32
	saltLen   = 16
)

// Hasher makes password hashes. Its zero value uses the cost above, which every installation runs with;
// tests choose a tiny cost, because the cost buys time only against someone who stole the hashes, and at
// 19 MiB a hash it was most of the test suite's CPU. Verify always honours the cost a hash was made with.
type Hasher struct {
	MemoryKiB, Passes uint32 // 0 means the standard cost
	// Slots, when set, bounds how many hashes run at once among everyone sharing it: each takes 19 MiB,
	// so a flood of sign-ins would otherwise grow the process by that much per request in flight.
	Slots chan struct{}
}

// NewSlots makes room for n hashes at once, to share between Hashers.
func NewSlots(n int) chan struct{} { return make(chan struct{}, max(n, 1)) }

// hold waits for a free slot (when the Hasher has Slots) and returns the function that frees it.
func (h Hasher) hold() func() {
	if h.Slots == nil {
		return func() {}
	}
	h.Slots <- struct{}{}
	return func() { <-h.Slots }
}

// Verify is the package's Verify, waiting for a free slot first.
func (h Hasher) Verify(pw, encoded string) (bool, error) {
	defer h.hold()()
	return Verify(pw, encoded)
}

func (h Hasher) cost() (memory, time uint32) {
	if h.MemoryKiB == 0 || h.Passes == 0 {
		return memoryKiB, passes
	}
	return h.MemoryKiB, h.Passes
}

// Hash returns the PHC-formatted argon2id hash of pw with a fresh random salt.
func (h Hasher) Hash(pw string) (string, error) {
	defer h.hold()()
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	m, t := h.cost()
	key := argon2.IDKey([]byte(pw), salt, t, m, lanes, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, m, t, lanes, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Burn spends the work of verifying a password against a hash of this hasher's cost, for requests with
// no account behind them, so unknown emails take as long as known ones.
func (h Hasher) Burn(pw string) {
	defer h.hold()()
	m, t := h.cost()
	_ = argon2.IDKey([]byte(pw), burnSalt, t, m, lanes, keyLen)
}

// burnSalt is any salt: Burn's result is thrown away.
var burnSalt = make([]byte, saltLen)

// Hash returns the hash of pw at the standard cost.
func Hash(pw string) (string, error) { return Hasher{}.Hash(pw) }

// Verify reports whether pw matches encoded, a hash made by Hash (its own parameters are honoured).
func Verify(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("password: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("password: unsupported argon2 version")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("password: parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("password: salt: %w", err)
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("password: key: %w", err)
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
