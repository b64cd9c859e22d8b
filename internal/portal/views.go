package portal

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	chartfiles "tend/internal/files"

	"tend/internal/formview"
	"tend/internal/httpx"
	"tend/internal/lazytmpl"
	"tend/internal/model"
	"tend/internal/password"
)

//go:embed templates
var files embed.FS

type views struct {
	pages *lazytmpl.Pages
}

// loadViews lists the portal's pages; each page's templates are parsed when it is first shown or warmed
// (Server.WarmPages), whichever comes first, not before the server listens (issue 19, item 3: cold start).
func loadViews(asset func(string) (string, error)) (*views, error) {
	v := &views{pages: lazytmpl.New("portal")}
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
		// A page's set: the layout, the page and the form partial.
		v.pages.Add(strings.TrimSuffix(path.Base(p), ".html"), func() (*template.Template, error) {
			t, err := template.New(path.Base(p)).Funcs(funcs).ParseFS(files, "templates/layout.html", p)
			if err == nil {
				t, err = t.ParseFS(formview.FS, "form.html")
			}
			return t, err
		})
	}
	return v, nil
}

// page is the named page's template set.
func (v *views) page(name string) (*template.Template, error) { return v.pages.Get(name) }

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
