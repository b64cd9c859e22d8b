package lazytmpl

import (
	"errors"
	"html/template"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Issue 19, item 3 (cold start): a page is parsed once, at its first use, however many ask at once; a
// broken page, a page without a "page" template and a missing page answer errors that name them.
func TestPagesParseOnceAtFirstUse(t *testing.T) {
	t.Parallel()
	var parsed atomic.Int32
	ps := New("test")
	ps.Add("home", func() (*template.Template, error) {
		parsed.Add(1)
		return template.New("home").Parse(`{{define "page"}}hello{{end}}`)
	})
	ps.Add("broken", func() (*template.Template, error) { return nil, errors.New("unclosed action") })
	ps.Add("pageless", func() (*template.Template, error) { return template.New("x").Parse(`just text`) })
	if parsed.Load() != 0 {
		t.Fatal("a page was parsed when added")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if set, err := ps.Get("home"); err != nil || set.Lookup("page") == nil {
				t.Errorf("Get(home) = %v, %v", set, err)
			}
		})
	}
	wg.Wait()
	if n := parsed.Load(); n != 1 {
		t.Fatalf("home parsed %d times, want once", n)
	}
	if _, err := ps.Get("nowhere"); err == nil || !strings.Contains(err.Error(), `no page template "nowhere"`) {
		t.Errorf("a missing page: %v", err)
	}
	err := ps.ParseAll()
	if err == nil || !strings.Contains(err.Error(), "test: parsing page broken: unclosed action") ||
		!strings.Contains(err.Error(), `parsing page pageless: it defines no "page" template`) {
		t.Errorf("ParseAll: %v", err)
	}
	if got := strings.Join(ps.Names(), ","); got != "broken,home,pageless" {
		t.Errorf("Names = %s", got)
	}
	if parsed.Load() != 1 {
		t.Error("ParseAll parsed an already parsed page again")
	}
}
