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

// Parameters are the lightest of OWASP's equally strong argon2id settings (46 MiB and 1 pass, 19 MiB and
// 2, 12 MiB and 3, 9 MiB and 4, 7 MiB and 5; all 1 lane): 7 MiB of memory, 5 passes, 1 lane. They cost
// about the CPU of 19 MiB and 2 passes, but each sign-in allocates 7 MiB instead of 19, so a burst of
// sign-ins fills the Go heap, and wakes the garbage collector, about a third as often. Hashes made with
// other parameters (19 MiB and 2 passes before issue 19) still verify, and NeedsRehash tells sign-in to
// replace them.
const (
	memoryKiB = 7 * 1024
	passes    = 5
	lanes     = 1
	keyLen    = 32
	saltLen   = 16
)

// Hasher makes password hashes. Its zero value uses the cost above, which every installation runs with;
// tests choose a tiny cost, because the cost buys time only against someone who stole the hashes, and at
// the standard cost it was most of the test suite's CPU. Verify always honours the cost a hash was made with.
type Hasher struct {
	MemoryKiB, Passes uint32 // 0 means the standard cost
	// Slots, when set, bounds how many hashes run at once among everyone sharing it: each takes its
	// memory cost (7 MiB), so a flood of sign-ins would otherwise grow the process by that much per request in flight.
	Slots chan struct{}
}

// HashSlots is how many hashes run at once on a machine of cores cores: all but one, so that the requests
// waiting behind a burst of sign-ins (the portal's to-do, a staff page, the sign-in's own database work)
// keep a core; one on a single core.
func HashSlots(cores int) int { return max(cores-1, 1) }

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
	ph, err := parse(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), ph.salt, ph.t, ph.m, ph.p, uint32(len(ph.key)))
	return subtle.ConstantTimeCompare(got, ph.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than this hasher's, so that a
// sign-in that has just verified the password should store Hash's result in its place. A hash it cannot
// read needs no rehash: Verify refuses it anyway.
func (h Hasher) NeedsRehash(encoded string) bool {
	ph, err := parse(encoded)
	if err != nil {
		return false
	}
	m, t := h.cost()
	return ph.m != m || ph.t != t || ph.p != lanes || len(ph.key) != keyLen
}

// Upgrade returns a fresh hash of pw at this hasher's cost when encoded, the hash pw was just verified
// against, was made with other parameters (NeedsRehash); "" when encoded is already current. Sign-in
// calls it after a right password and stores the result in the same transaction as the session.
func (h Hasher) Upgrade(pw, encoded string) (string, error) {
	if !h.NeedsRehash(encoded) {
		return "", nil
	}
	return h.Hash(pw)
}

// phc is a parsed argon2id hash: its parameters, salt and key.
type phc struct {
	m, t      uint32
	p         uint8
	salt, key []byte
}

// parse reads a PHC-formatted argon2id hash.
func parse(encoded string) (phc, error) {
	var ph phc
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return ph, errors.New("password: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return ph, errors.New("password: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &ph.m, &ph.t, &ph.p); err != nil {
		return ph, fmt.Errorf("password: parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	var err error
	if ph.salt, err = enc.DecodeString(parts[4]); err != nil {
		return ph, fmt.Errorf("password: salt: %w", err)
	}
	if ph.key, err = enc.DecodeString(parts[5]); err != nil {
		return ph, fmt.Errorf("password: key: %w", err)
	}
	return ph, nil
}
