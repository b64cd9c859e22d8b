package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// actionCode is how the log's action codes look: an area the product audits, a dot, the action.
var actionCode = regexp.MustCompile(`^(audit|auth|chart|clients|demo|installation|portal|practice|staff|tag|template|token)\.[a-z_]+(\.[a-z_]+)*$`)

// notActions are codes of that shape that name something else (job kinds).
var notActions = map[string]bool{"audit.checkpoint": true, "clients.bulk": true}

// Issue 13, item 9 (TR-1): every action any code records has a readable label, the two-step ones
// included; the walk finds the codes in the source, so an action added without a label fails here.
func TestEveryActionHasALabel(t *testing.T) {
	t.Parallel()
	found := map[string]string{} // code → where
	// chart.<lifecycle action> is put together at run time (clients.Action*).
	for _, a := range []string{"deactivate", "reactivate", "archive", "restore", "delete"} {
		found["chart."+a] = "clients lifecycle"
	}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && actionCode.MatchString(s) && !notActions[s] {
					found[s] = path
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 60 {
		t.Fatalf("found only %d action codes: the walk is broken", len(found))
	}
	for code, where := range found {
		if _, ok := actionLabels[code]; !ok {
			t.Errorf("action %q (in %s) has no label in internal/audit/labels.go", code, where)
		}
	}
	for _, code := range []string{"auth.mfa_enabled", "auth.mfa_failed", "auth.recovery_code_used", "chart.view"} {
		if ActionLabel(code) == code || strings.Contains(ActionLabel(code), ".") {
			t.Errorf("ActionLabel(%q) = %q", code, ActionLabel(code))
		}
	}
}

func TestActionLabelFallsBackToWords(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"chart.view", "Viewed the chart"},
		{"future.thing_done", "Future thing done"},
		{"", "Unknown action"},
	}
	for _, tc := range tests {
		if got := ActionLabel(tc.in); got != tc.want {
			t.Errorf("ActionLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
