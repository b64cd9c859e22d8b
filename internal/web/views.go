package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	chartfiles "tend/internal/files"

	"tend/internal/authz"
	"tend/internal/formview"
	"tend/internal/httpx"
	"tend/internal/lazytmpl"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/password"
)

//go:embed templates static
var files embed.FS

// views holds one template set per page and the static files under content-hashed names.
type views struct {
	pages  *lazytmpl.Pages
	assets map[string]string // "app.css" -> "app.3f2a9c1b.css"
	served map[string][]byte // hashed name -> bytes
}

func loadViews() (*views, error) {
	v := &views{pages: lazytmpl.New("web"), assets: map[string]string{}, served: map[string][]byte{}}
	statics, err := fs.ReadDir(files, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	for _, e := range statics {
		b, err := files.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: static %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		v.assets[e.Name()] = hashed
		v.served[hashed] = b
	}
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			h, ok := v.assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return "/static/" + h, nil
		},
		"field":        newField,
		"ledgerField":  newLedgerField,
		"featureBoxes": featureBoxes,
		"add":          func(a, b int) int { return a + b },
		"kindLabels": func() map[string]string {
			return map[string]string{"individual": "Individuals", "minor": "Minors", "group": "Couples and families"}
		},
		"initial": func(name string) string {
			for _, r := range name {
				return string(r)
			}
			return "?"
		},
		"roleLabel": func(r model.Role) string { return r.Label() },
		"mailState": outbox.StateLabel,
		"sexLabel":  model.SexLabel,
		// Insurance policies (issue 16).
		"relationshipLabel": model.RelationshipLabel,
		"priorityLabel":     model.PriorityLabel,
		"sectionOf":         func(p chartPage, key, title string) sectionView { return sectionView{Page: p, Key: key, Title: title} },
		// Dates and times in the practice's time zone and date format (CL-11): localDate X .Loc, localTime X .Loc.
		"localDate": model.LocalDate,
		"localTime": model.LocalTime,
		"messageList": func(ms []messaging.MessageView, loc model.Locale) messageListView {
			return messageListView{Items: ms, Loc: loc}
		},
		// One password rule, stated the same on every form (issue 13, item 16).
		"passwordHint": password.Hint,
		"passwordRule": password.Rule,
		"flagMeaning":  model.FlagMeaning,
		"docBoxesOf":   docBoxesOf,
		// The Clinical tab's partials (CL-8).
		"clinicalItem": clinicalItem,
		"clinicalText": clinicalText,
		// The Files tab (issue 17, item 2).
		"fileSize": chartfiles.SizeLabel,
		// plural picks the word for a count: {{plural .N "client" "clients"}}.
		"plural":   plural,
		"fileKind": fileKind,
		// The plan editor's fields (issue 15).
		"planField": newPlanField,
		// The appointment page's service chooser keeps an archived service (issue 16).
		"inServices": func(id string, svs []model.Service) bool {
			return slices.ContainsFunc(svs, func(sv model.Service) bool { return sv.ID == id })
		},
	}
	// A chart tab's content lives in a file of its own under partials/ (issue 14). The shared templates
	// are parsed when the first page is, and each page's own set (a copy of them, its file and the form
	// partial) when it is first shown, or by warm, whichever comes first. Parsing every page before listening
	// was most of a cold start: 1.5–2.7 s and 72 MB on a busy 2-core machine (issue 19, item 3); the shared
	// templates alone were a fifth of what start-up still did before listening.
	shared := &sharedTemplates{funcs: funcs}
	pages, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	for _, p := range pages {
		v.pages.Add(strings.TrimSuffix(path.Base(p), ".html"), func() (*template.Template, error) { return parsePage(shared, funcs, p) })
	}
	return v, nil
}

// sharedTemplates are the layout and the partials every page's set takes copies of, parsed once, when the
// first page is.
type sharedTemplates struct {
	funcs template.FuncMap
	once  sync.Once
	t     *template.Template
	err   error
}

func (s *sharedTemplates) get() (*template.Template, error) {
	s.once.Do(func() {
		s.t, s.err = template.New("shared").Funcs(s.funcs).ParseFS(files, "templates/layout.html", "templates/partials.html", "templates/partials/*.html")
		if s.err != nil {
			s.err = fmt.Errorf("web: parsing the shared templates: %w", s.err)
		}
	})
	return s.t, s.err
}

// parsePage parses one page's set: its own file, the form partial and a copy of only the shared templates
// they reach. html/template copies every tree it takes in (escaping rewrites them), and a copy of all the
// shared templates for each of the 56 pages held 44 MB of Go heap once every page was shown (issue 19's
// memory goal).
func parsePage(shared *sharedTemplates, funcs template.FuncMap, file string) (*template.Template, error) {
	st, err := shared.get()
	if err != nil {
		return nil, err
	}
	t, err := template.New(path.Base(file)).Funcs(funcs).ParseFS(files, file)
	if err == nil {
		t, err = t.ParseFS(formview.FS, "form.html")
	}
	if err == nil {
		err = addReachable(t, st)
	}
	return t, err
}

// page is the named page's template set.
func (v *views) page(name string) (*template.Template, error) { return v.pages.Get(name) }

// Asset returns the served address of a static file, for the portal's pages, which share the style sheet.
func (s *Server) Asset(name string) (string, error) {
	h, ok := s.views.assets[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// serveStatic serves a content-hashed static file; its name changes with its content, so caching is forever.
func (v *views) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := v.served[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b)
}

// page is what every page template receives, embedded in the page's own struct.
type page struct {
	Title    string
	Nav      string // which sidebar entry is current
	User     *model.Principal
	Practice model.Practice
	Loc      model.Locale // the practice's time zone and date format, for localDate and localTime
	Flash    string
	Can      authz.Capabilities // what the user may do across the practice, to show or hide actions
	Refresh  int                // seconds between progress.js updates of a progress page (no meta refresh: WCAG 2.2.1); 0 never
	// SeesMessages shows the sidebar's Messages entry (the policy's answer with the practice's settings);
	// Unread is its badge: conversations with something unread (MS-1).
	SeesMessages bool
	Unread       int
}

// render executes the page into a buffer first, so a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, err := s.views.page(name)
	if err != nil {
		s.Log.ErrorContext(r.Context(), "page template", "page", name, "error", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "page", data); err != nil {
		s.Log.ErrorContext(r.Context(), "rendering page", "page", name, "error", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// sectionView is one Details section of a chart page.
type sectionView struct {
	Page       chartPage
	Key, Title string
}

// form is the shared form of typed values and messages.
type form = httpx.Form

func newForm() form { return httpx.NewForm() }

// formFrom copies the named fields of a submitted form.
func formFrom(r *http.Request, names ...string) form { return httpx.FormFrom(r, names...) }

// ledgerFieldView is a field of the Payments tab's forms, whose ids carry the form's prefix (two forms
// there have an amount).
type ledgerFieldView struct{ ID, Name, Label, Type, Value, Error, Hint string }

// newLedgerField builds a ledgerFieldView: ledgerField FORM PREFIX NAME LABEL TYPE HINT.
func newLedgerField(f form, prefix, name, label, typ, hint string) ledgerFieldView {
	return ledgerFieldView{ID: "f-" + prefix + "-" + name, Name: name, Label: label, Type: typ, Value: f.Values[name], Error: f.Errors[name], Hint: hint}
}

// fieldView is what the "field" partial renders: label, input, hint and message.
type fieldView struct {
	Name, Label, Type, Value, Error, Auto, Hint string
	Required                                    bool
	// Distinct shows the "This is a different address" box of an email that looks like another record's
	// (or that was ticked already); Confirmed ticks it; OtherURL opens the other record.
	Distinct, Confirmed bool
	OtherURL            string
}

// newField builds a fieldView: field FORM NAME LABEL TYPE [AUTOCOMPLETE [HINT]]. Password fields never echo a value.
func newField(f form, name, label, typ string, extra ...string) fieldView {
	fv := fieldView{Name: name, Label: label, Type: typ, Value: f.Values[name], Error: f.Errors[name]}
	fv.Confirmed = f.Distinct(name)
	if le := f.Lookalikes[name]; le != nil || fv.Confirmed {
		fv.Distinct = true
		if le != nil && le.RecordType == "client" {
			fv.OtherURL = "/clients/" + le.RecordID
		}
	}
	if typ == "password" {
		fv.Value = ""
	}
	if len(extra) > 0 {
		fv.Auto = extra[0]
	}
	if len(extra) > 1 {
		fv.Hint = extra[1]
	}
	return fv
}
