package app

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 13, item 18: with TEND_LOG_FORMAT=auto (the default) the log is text on a terminal and JSON in a
// pipe, a file or a buffer; json and text are kept as asked.
func TestLogFormatFollowsTheTerminal(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	type tc struct {
		name, setting string
		out           io.Writer
		want          string
	}
	cases := []tc{
		{"a pipe", "auto", w, "json"},
		{"a file", "auto", file, "json"},
		{"a buffer", "auto", &bytes.Buffer{}, "json"},
		{"a buffer, unset", "", &bytes.Buffer{}, "json"},
		{"a pipe, text asked", "text", w, "text"},
	}
	// A pseudo-terminal stands in for a person's terminal where the system has them.
	if pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
		defer pty.Close()
		cases = append(cases, tc{"a terminal", "auto", pty, "text"}, tc{"a terminal, json asked", "json", pty, "json"})
	} else {
		t.Logf("no pseudo-terminal here (%v): the terminal cases are not run", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := logFormat(c.setting, c.out); got != c.want {
				t.Errorf("logFormat(%q, %s) = %q, want %q", c.setting, c.name, got, c.want)
			}
		})
	}
}

// The start-up message is framed by rules as wide as its longest line, and plain text off a terminal.
func TestBannerStandsOut(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	banner(&b, func(string) string { return "" }, "Tend is running at http://127.0.0.1:8080", "", "Press Ctrl+C to stop.")
	lines := strings.Split(b.String(), "\n")
	rule := strings.Repeat("─", len("Tend is running at http://127.0.0.1:8080")+4)
	want := []string{"", rule, "  Tend is running at http://127.0.0.1:8080", "", "  Press Ctrl+C to stop.", rule, "", ""}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") || strings.Contains(b.String(), "\x1b") {
		t.Fatalf("banner:\n%s\nwant:\n%s", b.String(), strings.Join(want, "\n"))
	}
}
