package files

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// ChunkSize is how many bytes of content one encrypted chunk holds; the last chunk holds the rest.
const ChunkSize = 64 << 10

// ErrTampered is a stored file that does not open with the installation's key or whose content does not
// match its SHA-256: changed, reordered, cut short or swapped with another file's chunks.
var ErrTampered = errors.New("files: the stored file does not match what was uploaded (changed or damaged); it is not served")

// Sealer encrypts and opens the chunks of files with AES-256-GCM under one key derived from the
// installation's secret key.
type Sealer struct{ aead cipher.AEAD }

// NewSealer derives the files key from the installation's secret key (HKDF-SHA-256, its own purpose, so
// it is no other key Tend uses) and makes a Sealer.
func NewSealer(secret []byte) (*Sealer, error) {
	if len(secret) < 32 {
		return nil, fmt.Errorf("files: the secret key must hold at least 32 bytes, got %d", len(secret))
	}
	key, err := hkdf.Key(sha256.New, secret, nil, "tend files v1", 32)
	if err != nil {
		return nil, fmt.Errorf("files: derive key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// additional binds a chunk to its file, its place and whether it is the last: chunks moved between
// files or places, dropped from the end or added after it do not open.
func additional(fileID string, n int, last bool) []byte {
	ad := make([]byte, 0, len(fileID)+5)
	ad = append(ad, fileID...)
	ad = binary.BigEndian.AppendUint32(ad, uint32(n))
	if last {
		return append(ad, 1)
	}
	return append(ad, 0)
}

// seal encrypts chunk n of a file into dst's memory (reused from chunk to chunk): a random nonce
// followed by the ciphertext and tag.
func (s *Sealer) seal(dst []byte, fileID string, n int, last bool, plain []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if need := ns + len(plain) + s.aead.Overhead(); cap(dst) < need {
		dst = make([]byte, 0, need)
	}
	nonce := dst[:ns]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("files: nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, additional(fileID, n, last)), nil
}

// open decrypts chunk n of a file into dst; anything that does not open is ErrTampered.
func (s *Sealer) open(dst []byte, fileID string, n int, last bool, sealed []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < ns+s.aead.Overhead() {
		return nil, ErrTampered
	}
	out, err := s.aead.Open(dst, sealed[:ns], sealed[ns:], additional(fileID, n, last))
	if err != nil {
		return nil, ErrTampered
	}
	return out, nil
}

// chunkCount is how many chunks hold size bytes: an empty file is never stored, so at least one.
func chunkCount(size int64) int {
	if size <= 0 {
		return 1
	}
	return int((size + ChunkSize - 1) / ChunkSize)
}
