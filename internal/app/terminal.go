package app

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// isTerminal reports whether w is a terminal (a character device, as a console or an SSH session is), so
// that a person reading it gets text rather than JSON. A pipe, a file, journald and a container's log
// driver are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// logFormat is the log format for w: TEND_LOG_FORMAT's json or text, or for auto (the default) text on
// a terminal and JSON everywhere else, which is what log collectors read.
func logFormat(setting string, w io.Writer) string {
	if setting == "json" || setting == "text" {
		return setting
	}
	if isTerminal(w) {
		return "text"
	}
	return "json"
}

// banner writes lines framed by rules, so that they stand out among the log lines around them; on a
// terminal (and without NO_COLOR) the first line is bold.
func banner(w io.Writer, getenv func(string) string, lines ...string) {
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l))
	}
	rule := strings.Repeat("─", width+4)
	bold, plain := "", ""
	if isTerminal(w) && getenv("NO_COLOR") == "" {
		bold, plain = "\x1b[1m", "\x1b[0m"
	}
	fmt.Fprintf(w, "\n%s\n", rule)
	for i, l := range lines {
		switch {
		case l == "":
			fmt.Fprintln(w)
		case i == 0:
			fmt.Fprintf(w, "  %s%s%s\n", bold, l, plain)
		default:
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintf(w, "%s\n\n", rule)
}
