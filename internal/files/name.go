package files

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tend/internal/model"
)

// maxName is the longest file name Tend keeps, in bytes.
const maxName = 255

// CheckName refuses a file name that is empty, too long, not UTF-8, holds a folder separator or a
// control character, or is "." or "..": such names are refused with a message, never cleaned silently.
func CheckName(name string) error {
	bad := func(msg string) error { return model.FieldError("file", msg) }
	switch {
	case strings.TrimSpace(name) == "":
		return bad("Choose a file to upload.")
	case len(name) > maxName:
		return bad("The file name is longer than 255 characters. Rename the file and upload it again.")
	case !utf8.ValidString(name):
		return bad("The file name is not readable text. Rename the file and upload it again.")
	case strings.ContainsAny(name, `/\`):
		return bad(`The file name holds a folder separator (/ or \). Rename the file and upload it again.`)
	case name == "." || name == "..":
		return bad("The file name is not a name. Rename the file and upload it again.")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return bad("The file name holds a control character (such as a line break). Rename the file and upload it again.")
		}
	}
	return nil
}
