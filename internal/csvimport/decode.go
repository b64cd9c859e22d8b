// Package csvimport reads a spreadsheet of clients exported from another practice system (IM-1): it
// detects the text encoding and the delimiter, splits the records, proposes which column holds which
// field from the header names, reads dates in the usual formats, and turns each row into the change a
// New client form would make, with the problems found by the same rules. It touches no database.
package csvimport

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Encodings the reader tells apart.
const (
	EncUTF8        = "UTF-8"
	EncUTF8BOM     = "UTF-8 with BOM"
	EncUTF16LE     = "UTF-16 LE"
	EncUTF16BE     = "UTF-16 BE"
	EncWindows1252 = "Windows-1252 (Latin-1)"
)

// FileError is a problem with the whole file: nothing of it can be imported until it is mended.
type FileError struct{ Message string }

func (e *FileError) Error() string { return e.Message }

func fileErr(format string, a ...any) error { return &FileError{Message: fmt.Sprintf(format, a...)} }

// Decode turns the file's bytes into UTF-8 text and names the encoding it found: a byte-order mark
// says UTF-8 or UTF-16; without one, UTF-16 is recognised by its zero bytes, valid UTF-8 is UTF-8, and
// anything else is read as Windows-1252 (a superset of Latin-1's printable characters). An empty file
// and binary data (a spreadsheet saved as .xlsx, an image) are refused.
func Decode(b []byte) (string, string, error) {
	var enc encoding.Encoding
	name := EncUTF8
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, name = b[3:], EncUTF8BOM
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		enc, name = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), EncUTF16LE
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		enc, name = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), EncUTF16BE
	default:
		if e, n := utf16WithoutBOM(b); e != nil {
			enc, name = e, n
		}
	}
	if len(bytes.TrimSpace(b)) == 0 || (enc != nil && len(b) <= 2) {
		return "", name, fileErr("The file is empty. Export the client list again and choose the file with the clients in it.")
	}
	if enc == nil && looksBinary(b) {
		return "", name, errBinary
	}
	var text string
	switch {
	case enc != nil:
		out, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return "", name, fileErr("The file starts like UTF-16 text but cannot be read as such. Save it again as CSV (UTF-8).")
		}
		text = string(out)
	case utf8.Valid(b):
		text = string(b)
	default:
		out, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", name, fileErr("The file's characters cannot be read. Save it again as CSV (UTF-8).")
		}
		text, name = string(out), EncWindows1252
	}
	if len(bytes.TrimSpace([]byte(text))) == 0 {
		return "", name, fileErr("The file is empty. Export the client list again and choose the file with the clients in it.")
	}
	if controlShare(text) {
		return "", name, errBinary
	}
	return text, name, nil
}

var errBinary = &FileError{Message: "This is not a CSV text file: it holds binary data (an Excel workbook or an image, perhaps). " +
	"In your spreadsheet, choose Save as or Export, pick CSV, and upload that file."}

// utf16WithoutBOM recognises UTF-16 text saved without a byte-order mark by its zero bytes: in ASCII
// text every other byte is zero.
func utf16WithoutBOM(b []byte) (encoding.Encoding, string) {
	n := min(len(b), 4096) &^ 1
	if n < 4 {
		return nil, ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd > half*9/10 && even < half/10:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), EncUTF16LE
	case even > half*9/10 && odd < half/10:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), EncUTF16BE
	}
	return nil, ""
}

// looksBinary reports a NUL byte in the first 8 KiB: no text encoding but UTF-16 has them.
func looksBinary(b []byte) bool {
	return bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0
}

// controlShare reports text of which more than 1 % of the first 64 KiB's characters are control
// characters other than tab and line breaks: decoded binary data.
func controlShare(s string) bool {
	if len(s) > 1<<16 {
		s = s[:1<<16]
	}
	var n, bad int
	for _, r := range s {
		n++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') {
			bad++
		}
	}
	return bad*100 > n
}

// IsFileError reports whether err is a problem with the whole file.
func IsFileError(err error) bool {
	var fe *FileError
	return errors.As(err, &fe)
}
