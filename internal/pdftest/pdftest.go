// Package pdftest reads back the text Tend's PDFs print, for tests: each string a page draws, decoded
// from the UTF-16 that the PDF library writes for its Unicode fonts, one per line.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

// Text returns the strings drawn on the PDF's pages, one per line, in the order they are drawn.
func Text(pdf []byte) (string, error) {
	var out []string
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return "", fmt.Errorf("pdftest: a stream has no end")
		}
		raw := rest[:j]
		rest = rest[j+len("\nendstream"):]
		content := raw
		if r, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			if b, err := io.ReadAll(r); err == nil {
				content = b
			}
		}
		if !bytes.Contains(content, []byte(" Tj")) && !bytes.Contains(content, []byte(")Tj")) {
			continue // fonts and images
		}
		out = append(out, drawn(content)...)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("pdftest: no text found")
	}
	return strings.Join(out, "\n"), nil
}

// drawn decodes the (string)Tj operands of one content stream.
func drawn(content []byte) []string {
	var out []string
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		var s []byte
		j := i + 1
		for ; j < len(content) && content[j] != ')'; j++ {
			c := content[j]
			if c == '\\' && j+1 < len(content) {
				j++
				switch e := content[j]; e {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'b':
					c = '\b'
				case 'f':
					c = '\f'
				default:
					if e >= '0' && e <= '7' {
						v, k := 0, 0
						for ; k < 3 && j+k < len(content) && content[j+k] >= '0' && content[j+k] <= '7'; k++ {
							v = v*8 + int(content[j+k]-'0')
						}
						j += k - 1
						c = byte(v)
					} else {
						c = e
					}
				}
			}
			s = append(s, c)
		}
		i = j
		out = append(out, decodeUTF16(s))
	}
	return out
}

// decodeUTF16 reads big-endian UTF-16, as the PDF library writes text in a Unicode font.
func decodeUTF16(b []byte) string {
	if len(b)%2 != 0 {
		return string(b)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
