package csvimport

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// Limits of one file.
const (
	// MaxColumns is the most columns a header may have: exports of practice systems have a few dozen.
	MaxColumns = 200
	// MaxRows is the most clients one file may hold.
	MaxRows = 200_000
)

// Table is a parsed file: its encoding and delimiter as detected, the header and the data records.
type Table struct {
	Encoding  string
	Delimiter rune
	Header    []string
	// Rows are the records under the header; Rows[i] is row i+1 of the file's clients, and Lines[i]
	// the line of the file it starts on (a quoted field may hold line breaks).
	Rows  [][]string
	Lines []int
}

// DelimiterName is the delimiter as people call it.
func DelimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// Parse decodes and splits a file: the first record is the header, the rest are clients. It refuses an
// empty file, binary data, a file with a header and nothing under it, a header of more than MaxColumns
// columns, two columns of the same name, and quotes that do not close.
func Parse(b []byte) (*Table, error) {
	text, enc, err := Decode(b)
	if err != nil {
		return nil, err
	}
	d := DetectDelimiter(text)
	t := &Table{Encoding: enc, Delimiter: d}
	r := newReader(text, d)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileErr("Line %d: %s. A field with a quote must be wholly in quotes, and a quote inside it doubled (\"\"). Mend the line and upload the file again.",
					pe.StartLine, quoteProblem(pe.Err))
			}
			return nil, fileErr("The file cannot be read as CSV. Save it again as CSV and upload that.")
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			if err := checkHeader(rec); err != nil {
				return nil, err
			}
			t.Header = rec
			continue
		}
		if blank(rec) {
			continue
		}
		if len(t.Rows) == MaxRows {
			return nil, fileErr("The file has more than %d clients. Split it into smaller files and import them one after another.", MaxRows)
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Rows) == 0 {
		return nil, fileErr("The file has a header row but no clients under it. Export the client list again with the clients in it.")
	}
	return t, nil
}

func newReader(text string, d rune) *csv.Reader {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	r.ReuseRecord = false
	return r
}

func quoteProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "a quoted field does not close, or has text after its closing quote"
	case errors.Is(err, csv.ErrBareQuote):
		return "a quote appears inside a field that is not in quotes"
	}
	return "the line cannot be read"
}

// checkHeader refuses a header with too many columns or two columns of the same name.
func checkHeader(h []string) error {
	if len(h) > MaxColumns {
		return fileErr("The first row has %d columns; Tend reads at most %d. Check that the first row is the header and that the file is a client list.", len(h), MaxColumns)
	}
	seen := map[string]int{}
	for i, name := range h {
		key := strings.ToLower(strings.TrimSpace(name))
		if key == "" {
			continue
		}
		if j, ok := seen[key]; ok {
			return fileErr("Columns %d and %d are both named “%s”. Rename one of them in the header row so each column has its own name, and upload the file again.",
				j+1, i+1, strings.TrimSpace(name))
		}
		seen[key] = i
	}
	return nil
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// DetectDelimiter chooses comma, semicolon or tab: the one that splits the first lines into the most
// columns, the same number on each line.
func DetectDelimiter(text string) rune {
	sample := text
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t'} {
		r := newReader(sample, d)
		var counts []int
		for len(counts) < 20 {
			rec, err := r.Read()
			if err != nil {
				break
			}
			counts = append(counts, len(rec))
		}
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		same := 0
		for _, c := range counts {
			if c == counts[0] {
				same++
			}
		}
		score := counts[0] * same
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}
