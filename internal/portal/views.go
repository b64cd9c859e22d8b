package portal

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	chartfiles "tend/internal/files"

	"tend/internal/formview"
	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/password"
)

//go:embed templates
var files embed.FS

type views struct {
	pages map[string]*lazyPage
}

// loadViews lists the portal's pages; each page's templates are parsed when it is first shown or warmed
// (Server.WarmPages), whichever comes first, not before the server listens (issue 19, item 3: cold start).
func loadViews(asset func(string) (string, error)) (*views, error) {
	v := &views{pages: map[string]*lazyPage{}}
	funcs := template.FuncMap{
		"asset":     asset,
		"roleLabel": func(r string) string { return model.Role(r).Label() },
		"input":     newInput,
		// Dates and times in the practice's time zone and date format (CL-11): each practice's own, as
		// one person can reach several, so templates pass the access's or document's .Loc.
		"localDate": model.LocalDate,
		"localTime": model.LocalTime,
		// One password rule, stated the same on every form (issue 13, item 16).
		"passwordHint": password.Hint,
		"fileSize":     chartfiles.SizeLabel,
	}
	pages, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("portal: templates: %w", err)
	}
	for _, p := range pages {
		v.pages[strings.TrimSuffix(path.Base(p), ".html")] = &lazyPage{funcs: funcs, file: p}
	}
	return v, nil
}

// lazyPage is one page's template set (the layout, the page and the form partial), parsed once, at first use.
type lazyPage struct {
	funcs template.FuncMap
	file  string
	once  sync.Once
	t     *template.Template
	err   error
}

// get parses the page on its first call (concurrent callers wait for it) and answers the same after.
func (p *lazyPage) get() (*template.Template, error) {
	p.once.Do(func() {
		t, err := template.New(path.Base(p.file)).Funcs(p.funcs).ParseFS(files, "templates/layout.html", p.file)
		if err == nil {
			t, err = t.ParseFS(formview.FS, "form.html")
		}
		if err == nil && t.Lookup("page") == nil {
			err = fmt.Errorf("%s defines no \"page\" template", p.file)
		}
		if err != nil {
			err = fmt.Errorf("portal: parsing %s: %w", p.file, err)
		}
		p.t, p.err = t, err
	})
	return p.t, p.err
}

// page is the named page's template set.
func (v *views) page(name string) (*template.Template, error) {
	p, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("portal: no page template %q", name)
	}
	return p.get()
}

// parseAll parses every page not yet parsed and answers the first errors: tests call it so a broken
// template fails them, and a server warms its pages with it in the background after it starts.
func (v *views) parseAll() error {
	var errs []error
	for _, p := range v.pages {
		if _, err := p.get(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// page is what every portal page receives.
type page struct {
	Title  string
	User   *model.PortalPrincipal
	Notice string
	Form   httpx.Form
}

// render executes the page into a buffer first, so a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, err := s.views.page(name)
	var buf bytes.Buffer
	if err != nil {
		s.Log.ErrorContext(r.Context(), "portal template", "page", name, "error", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "page", data); err != nil {
		s.Log.ErrorContext(r.Context(), "rendering portal page", "page", name, "error", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// inputView is one labelled input with its hint and message.
type inputView struct {
	Name, Label, Type, Auto, Hint, Value, Error string
}

func newInput(f httpx.Form, name, label, typ, auto, hint string) inputView {
	v := inputView{Name: name, Label: label, Type: typ, Auto: auto, Hint: hint, Value: f.Values[name], Error: f.Errors[name]}
	if typ == "password" {
		v.Value = "" // never echoed
	}
	return v
}
