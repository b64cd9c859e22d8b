// Package lazytmpl holds a server's page templates by name, each parsed once, when it is first asked for
// or warmed, so that a server starts without parsing pages nobody has opened yet (issue 19, item 3: cold
// start). The staff pages (internal/web) and the portal's (internal/portal) both keep theirs in one.
package lazytmpl

import (
	"errors"
	"fmt"
	"html/template"
	"sort"
	"sync"
)

// Pages is a set of named pages. Add them all before serving; Get and ParseAll are safe to call at once.
type Pages struct {
	owner string // "web", "portal": the errors' prefix
	pages map[string]*page
}

type page struct {
	once  sync.Once
	parse func() (*template.Template, error)
	t     *template.Template
	err   error
}

// New returns an empty set whose errors start with owner.
func New(owner string) *Pages { return &Pages{owner: owner, pages: map[string]*page{}} }

// Add names a page and how to parse it; parse runs at most once, at the page's first Get or ParseAll.
func (ps *Pages) Add(name string, parse func() (*template.Template, error)) {
	ps.pages[name] = &page{parse: parse}
}

// Get is the named page's template set, parsed on the first call (concurrent callers wait for it); later
// calls answer the same set or the same error.
func (ps *Pages) Get(name string) (*template.Template, error) {
	p, ok := ps.pages[name]
	if !ok {
		return nil, fmt.Errorf("%s: no page template %q", ps.owner, name)
	}
	p.once.Do(func() {
		p.t, p.err = p.parse()
		if p.err == nil && p.t.Lookup("page") == nil {
			p.err = errors.New(`it defines no "page" template`)
		}
		if p.err != nil {
			p.err = fmt.Errorf("%s: parsing page %s: %w", ps.owner, name, p.err)
		}
	})
	return p.t, p.err
}

// ParseAll parses every page not parsed yet and answers their errors: tests call it so that a broken
// template fails them, and a server warms its pages with it in the background once it listens.
func (ps *Pages) ParseAll() error {
	var errs []error
	for _, name := range ps.Names() {
		if _, err := ps.Get(name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Names lists the pages, sorted.
func (ps *Pages) Names() []string {
	out := make([]string, 0, len(ps.pages))
	for name := range ps.pages {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
