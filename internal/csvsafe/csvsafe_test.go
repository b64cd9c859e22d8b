package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"tend/internal/csvsafe"
)

// Proves IM-2: each leading character a spreadsheet reads as a formula is neutralised, others are kept.
func TestCell(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"=SUM(A1:A2)", "'=SUM(A1:A2)"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2+3", "'-2+3"},
		{"@cmd", "'@cmd"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"", ""},
		{"Ada", "Ada"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"'quoted", "'quoted"},
	} {
		if got := csvsafe.Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Proves IM-2: the file starts with a UTF-8 BOM and reads back as CSV with the cells neutralised.
func TestWriter(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	rec := []string{"name", "=HYPERLINK(\"x\")", "Zoë, \"quoted\"\nline"}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if rec[1] != "=HYPERLINK(\"x\")" {
		t.Fatal("Write changed the caller's record")
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatalf("no BOM: %q", out)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"name", "'=HYPERLINK(\"x\")", "Zoë, \"quoted\"\nline"}
	if len(got) != 1 || strings.Join(got[0], "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	var empty bytes.Buffer
	if err := csvsafe.NewWriter(&empty).Flush(); err != nil || empty.String() != "\ufeff" {
		t.Fatalf("empty file: %q %v", empty.String(), err)
	}
}
