package files

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"unicode/utf8"

	"tend/internal/model"
)

// The types Tend keeps, found in the content (magic bytes), never in the name.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeHEIC = "image/heic"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeTXT  = "text/plain; charset=utf-8"
)

// errType is the refusal of a type Tend does not keep.
func errType() error {
	return model.FieldError("file", "Tend keeps PDF, PNG, JPEG, HEIC, Word (.docx), Excel (.xlsx) and plain-text files. "+
		"This file's content is none of those (its name does not count), so it was not uploaded.")
}

// headSize is how much of the start decides the type.
const headSize = 512

// sniffer finds a file's type from its content as it streams past, and refuses a file as soon as it
// cannot be one Tend keeps: text with a NUL or broken UTF-8, a web page or SVG, a program.
type sniffer struct {
	head []byte
	kind string // "" until decided
	// zip (DOCX, XLSX): the local file headers' names seen so far
	carry       []byte
	word, excel bool
	// text: the bytes of a character cut at a write's end
	partial []byte
}

func (s *sniffer) Write(p []byte) (int, error) {
	if s.kind == "" {
		need := min(headSize-len(s.head), len(p))
		s.head = append(s.head, p[:need]...)
		if len(s.head) < headSize {
			return len(p), nil
		}
		if err := s.decide(); err != nil {
			return 0, err
		}
		// The head is looked at again below as part of the stream.
		if err := s.scan(s.head); err != nil {
			return 0, err
		}
		if err := s.scan(p[need:]); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if err := s.scan(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// finish decides the type of the whole content.
func (s *sniffer) finish() (string, error) {
	if s.kind == "" {
		if err := s.decide(); err != nil {
			return "", err
		}
		if err := s.scan(s.head); err != nil {
			return "", err
		}
	}
	switch s.kind {
	case "zip":
		switch {
		case s.word && !s.excel:
			return TypeDOCX, nil
		case s.excel && !s.word:
			return TypeXLSX, nil
		}
		return "", errType()
	case "text":
		if len(s.partial) > 0 {
			return "", errType()
		}
		return TypeTXT, nil
	}
	return s.kind, nil
}

// decide reads the type from the head.
func (s *sniffer) decide() error {
	h := s.head
	switch {
	case bytes.HasPrefix(h, []byte("%PDF-")):
		s.kind = TypePDF
	case bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")):
		s.kind = TypePNG
	case bytes.HasPrefix(h, []byte{0xFF, 0xD8, 0xFF}):
		s.kind = TypeJPEG
	case isHEIC(h):
		s.kind = TypeHEIC
	case bytes.HasPrefix(h, []byte("PK\x03\x04")):
		s.kind = "zip"
	case isText(h):
		s.kind = "text"
	default:
		return errType()
	}
	return nil
}

// isHEIC: an ISO media file whose ftyp box names a HEIF brand.
func isHEIC(h []byte) bool {
	if len(h) < 12 || string(h[4:8]) != "ftyp" {
		return false
	}
	switch string(h[8:12]) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}

// isText: a start that may be plain text, and is no web page, SVG or XML (which a browser would run).
func isText(h []byte) bool {
	if len(h) == 0 || bytes.IndexByte(h, 0) >= 0 {
		return false
	}
	ct := http.DetectContentType(h)
	if !bytes.HasPrefix([]byte(ct), []byte("text/plain")) {
		return false
	}
	lower := bytes.ToLower(h)
	for _, m := range [][]byte{[]byte("<svg"), []byte("<html"), []byte("<!doctype"), []byte("<?xml"), []byte("<script")} {
		if bytes.Contains(lower, m) {
			return false
		}
	}
	return true
}

// scan looks at the bytes of a decided type as they pass.
func (s *sniffer) scan(p []byte) error {
	switch s.kind {
	case "text":
		return s.scanText(p)
	case "zip":
		s.scanZip(p)
	}
	return nil
}

// scanText refuses a NUL or broken UTF-8 anywhere in a text file.
func (s *sniffer) scanText(p []byte) error {
	if bytes.IndexByte(p, 0) >= 0 {
		return errType()
	}
	b := append(s.partial, p...)
	// Keep a character cut at the end for the next write.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		return errType()
	}
	s.partial = append([]byte(nil), b[cut:]...)
	return nil
}

// zipCarry is how much of a write's end is kept to find a header cut between writes.
const zipCarry = 320

// scanZip notes whether the archive holds word/ or xl/ parts, from its local file headers.
func (s *sniffer) scanZip(p []byte) {
	w := append(s.carry, p...)
	sig := []byte("PK\x03\x04")
	i := 0
	for {
		j := bytes.Index(w[i:], sig)
		if j < 0 {
			break
		}
		at := i + j
		if at+30 > len(w) {
			break
		}
		n := int(binary.LittleEndian.Uint16(w[at+26:]))
		if at+30+n > len(w) {
			break
		}
		name := w[at+30 : at+30+n]
		s.word = s.word || bytes.HasPrefix(name, []byte("word/"))
		s.excel = s.excel || bytes.HasPrefix(name, []byte("xl/"))
		i = at + 4
	}
	start := max(i, len(w)-zipCarry)
	s.carry = append([]byte(nil), w[start:]...)
}
