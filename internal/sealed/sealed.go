// Package sealed encrypts the few small secrets Tend must be able to read back (two-step sign-in
// secrets) with AES-256-GCM, so a copy of the database alone does not give them away.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// version prefixes every sealed value, so a later change of scheme can tell old values apart.
const version = "v1:"

// ErrOpen is any failure to open a sealed value: a different key, or a value that was changed.
var ErrOpen = errors.New("sealed: the value cannot be opened with this key (was the secret key changed?)")

// Box seals and opens values with one 32-byte key.
type Box struct{ aead cipher.AEAD }

// New makes a Box from a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("sealed: key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plain. bind is authenticated but not stored (such as the owner's id), so a sealed value
// copied onto another row does not open there.
func (b *Box) Seal(plain, bind string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("sealed: %w", err)
	}
	out := b.aead.Seal(nonce, nonce, []byte(plain), []byte(bind))
	return version + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a value Seal made with the same bind; ErrOpen otherwise.
func (b *Box) Open(sealed, bind string) (string, error) {
	rest, ok := strings.CutPrefix(sealed, version)
	if !ok {
		return "", ErrOpen
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", ErrOpen
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(bind))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}
