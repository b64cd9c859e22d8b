// Package csvsafe writes CSV that spreadsheets open safely and correctly: every file starts with a UTF-8
// byte-order mark (so Excel reads the text as UTF-8, not the system's code page), and a cell that a
// spreadsheet would read as a formula is neutralised with a leading single quote, as the OWASP guidance
// on CSV injection advises. Tend's exports (the client list, the audit log) write through it.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// BOM is the UTF-8 byte-order mark every file begins with.
const BOM = "\ufeff"

// Writer writes CSV records with each cell made formula-safe, after the BOM.
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	err     error
	cells   []string
}

// NewWriter starts a formula-safe CSV file on w; the BOM is written with the first record.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w, cw: csv.NewWriter(w)} }

// Write writes one record, neutralising each cell (see Cell). The record slice is not changed.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.w, BOM); err != nil {
			w.err = err
			return err
		}
	}
	w.cells = w.cells[:0]
	for _, c := range record {
		w.cells = append(w.cells, Cell(c))
	}
	if err := w.cw.Write(w.cells); err != nil {
		w.err = err
		return err
	}
	return nil
}

// Flush writes any buffered data to the underlying writer; an empty file still gets its BOM.
func (w *Writer) Flush() error {
	if w.err == nil && !w.started {
		w.started = true
		if _, err := io.WriteString(w.w, BOM); err != nil {
			w.err = err
		}
	}
	w.cw.Flush()
	return w.Error()
}

// Error reports the first error of a Write or Flush.
func (w *Writer) Error() error {
	if w.err != nil {
		return w.err
	}
	return w.cw.Error()
}

// Cell returns s made safe to open in a spreadsheet: when it starts with "=", "+", "-", "@", a tab or a
// carriage return, a single quote goes before it, so the spreadsheet shows the text instead of running it.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
