package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/store"
)

var stateDone = map[string]string{
	clients.ActionDeactivate: "The client is deactivated. Their record stays; reactivate them any time.",
	clients.ActionReactivate: "The client is active again.",
	clients.ActionArchive:    "The client is archived. Everything is kept; restore them any time.",
	clients.ActionRestore:    "The client is restored.",
}

// clientSetState deactivates, reactivates, archives or restores the chart.
func (s *Server) clientSetState(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	action := r.PostFormValue("action")
	if _, ok := stateDone[action]; !ok {
		return model.ErrNotFound
	}
	id := r.PathValue("id")
	if _, err := s.Clients.SetState(r.Context(), p, id, action); err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, f.Message)
	} else {
		s.setFlash(w, stateDone[action])
	}
	http.Redirect(w, r, listReturn(r.PostFormValue("back"), "/clients/"+id), http.StatusSeeOther)
	return nil
}

// listReturn is where an action taken from the client list goes back to: the list as it was (its whole
// state is in its address, LS-3), or else fallback. Only the client list's own address is accepted.
func listReturn(back, fallback string) string {
	if back == "/clients" || (strings.HasPrefix(back, "/clients?") && !strings.ContainsAny(back, "\\\r\n")) {
		return back
	}
	return fallback
}

type deletePage struct {
	page
	C     clients.View
	Links []store.LinkedChart // where the client is a contact or member (CT-3)
}

// clientDeleteForm explains what deleting means before it happens (ST-4).
func (s *Server) clientDeleteForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.CanDelete {
		return model.ErrForbidden
	}
	links, err := s.Clients.Links(r.Context(), p, v.ID)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Delete "+v.Name(), "clients")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "client_delete", deletePage{page: pg, C: v, Links: links})
	return nil
}

// clientDelete deletes the chart for good.
func (s *Server) clientDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.Delete(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	s.setFlash(w, "The client was deleted. The audit log keeps that it happened, not what the record held.")
	http.Redirect(w, r, "/clients", http.StatusSeeOther)
	return nil
}

type bulkPage struct {
	page
	Action     string
	IDs        []string
	Count      int
	StateQuery string
	Form       form
	Links      []store.LinkedChart // charts the deleted clients are contacts or members on (CT-3)
	LinksKnown bool                // false when too many clients were chosen to list them
}

// bulkDeletePage builds the bulk-delete confirmation, naming linked charts when the choice is small.
func (s *Server) bulkDeletePage(w http.ResponseWriter, r *http.Request, p model.Principal, ids []string, state string, f form) (bulkPage, error) {
	pg, err := s.base(w, r, p, "Delete clients", "clients")
	if err != nil {
		return bulkPage{}, err
	}
	links, known, err := s.Clients.LinksOfMany(r.Context(), p, ids)
	if err != nil {
		return bulkPage{}, err
	}
	return bulkPage{page: pg, Action: clients.ActionDelete, IDs: ids, Count: len(ids), StateQuery: state, Form: f, Links: links, LinksKnown: known}, nil
}

// clientBulk applies a bulk action to the ticked rows, or to every client matching the list's filters
// ("select all N matching"). Delete first asks the person to type the number of clients (LS-5).
func (s *Server) clientBulk(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	action := r.PostFormValue("action")
	state := r.PostFormValue("state")
	back := "/clients?" + state
	ids := r.PostForm["id"]
	if r.PostFormValue("all") == "1" {
		v, _ := url.ParseQuery(state)
		var err error
		if ids, err = s.Clients.MatchingIDs(r.Context(), p, listQuery(v)); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		s.setFlash(w, "Tick at least one client first.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if tagID, ok := strings.CutPrefix(action, "tag:"); ok {
		return s.bulkTag(w, r, p, tagID, ids, false, back)
	}
	if tagID, ok := strings.CutPrefix(action, "untag:"); ok {
		return s.bulkTag(w, r, p, tagID, ids, true, back)
	}
	switch action {
	case clients.ActionDeactivate, clients.ActionArchive, clients.ActionReactivate, clients.ActionRestore:
	case clients.ActionDelete:
		typed := strings.TrimSpace(r.PostFormValue("confirm"))
		if typed == "" || r.PostFormValue("confirmed") != "1" {
			f := newForm()
			f.Values["confirm"] = typed
			if r.PostFormValue("confirmed") == "1" {
				f.Errors["confirm"] = "Type " + strconv.Itoa(len(ids)) + " to delete these clients."
			}
			data, err := s.bulkDeletePage(w, r, p, ids, state, f)
			if err != nil {
				return err
			}
			s.render(w, r, http.StatusOK, "client_bulk_delete", data)
			return nil
		}
	default:
		s.setFlash(w, "Choose what to do with the ticked clients.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	confirm, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("confirm")))
	res, err := s.Clients.Bulk(r.Context(), p, action, ids, confirm)
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		if action == clients.ActionDelete {
			f.Values["confirm"] = r.PostFormValue("confirm")
			data, err := s.bulkDeletePage(w, r, p, ids, state, f)
			if err != nil {
				return err
			}
			s.render(w, r, http.StatusUnprocessableEntity, "client_bulk_delete", data)
			return nil
		}
		s.setFlash(w, "Nothing was changed: "+firstMessage(f))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if res.Operation != nil {
		// A large action runs in the background; its page shows how far it got (issue 11, item 5).
		http.Redirect(w, r, "/bulk-actions/"+res.Operation.ID+"?"+url.Values{"state": {state}}.Encode(), http.StatusSeeOther)
		return nil
	}
	n := res.Changed
	s.setFlash(w, strconv.Itoa(n)+" "+plural(n, "client", "clients")+" "+pastTenseOf(action)+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

type bulkStatusPage struct {
	page
	Op         model.BulkOperation
	Verb       string // "archived"
	StateQuery string // the client list's query, for the way back
}

// bulkStatus shows how far a bulk action running in the background got; until it is finished the page
// updates itself every two seconds (progress.js; "Check again" without JavaScript).
func (s *Server) bulkStatus(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	op, err := s.Clients.BulkOperation(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	verb := pastTenseOf(op.Action)
	title := strconv.Itoa(op.Total) + " clients being " + verb
	if op.Finished() {
		title = strconv.Itoa(op.Changed) + " " + plural(op.Changed, "client", "clients") + " " + verb
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	if !op.Finished() {
		pg.Refresh = 2
	}
	s.render(w, r, http.StatusOK, "client_bulk_status", bulkStatusPage{page: pg, Op: op, Verb: verb, StateQuery: r.URL.Query().Get("state")})
	return nil
}

// bulkTag adds or removes a tag on the chosen clients (tags assigned from the list).
func (s *Server) bulkTag(w http.ResponseWriter, r *http.Request, p model.Principal, tagID string, ids []string, remove bool, back string) error {
	res, err := s.Clients.Tag(r.Context(), p, tagID, ids, remove)
	n := res.Changed
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, "Nothing was changed: "+firstMessage(f))
	} else if res.Operation != nil {
		http.Redirect(w, r, "/bulk-actions/"+res.Operation.ID+"?"+url.Values{"state": {strings.TrimPrefix(back, "/clients?")}}.Encode(), http.StatusSeeOther)
		return nil
	} else if remove {
		s.setFlash(w, "The tag was removed from "+strconv.Itoa(n)+" "+plural(n, "client", "clients")+".")
	} else {
		s.setFlash(w, "The tag was added to "+strconv.Itoa(n)+" "+plural(n, "client", "clients")+".")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func firstMessage(f form) string {
	if f.Message != "" {
		return f.Message
	}
	for _, m := range f.Errors {
		return m
	}
	return "the action was refused."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func pastTenseOf(action string) string {
	return map[string]string{
		clients.ActionDeactivate: "deactivated", clients.ActionArchive: "archived", clients.ActionDelete: "deleted",
		clients.ActionReactivate: "reactivated", clients.ActionRestore: "restored",
		clients.ActionTag: "tagged", clients.ActionUntag: "untagged",
	}[action]
}
