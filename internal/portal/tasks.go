package portal

import (
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/tasks"
)

// Issue 17, item 1 (TK-1, PT-12): the chart's tasks in the portal; the client marks one done with an
// optional reply.

// tasksPage is a chart's tasks: open ones first, then those done lately.
type tasksPage struct {
	page
	L   tasks.PortalList
	Loc model.Locale
}

// portalTasks lists the chart's tasks for a portal user with the tasks permission; anyone else gets the
// not-found page.
func (s *Server) portalTasks(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Tasks.PortalList(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "tasks", tasksPage{page: page{Title: "Tasks", User: &pp}, L: l, Loc: l.Access.Loc})
	return nil
}

// taskPage is one task with its instructions and the form to mark it done.
type portalTaskPage struct {
	page
	T   tasks.PortalTask
	Loc model.Locale
}

func (s *Server) renderTask(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, t tasks.PortalTask, f httpx.Form, status int) {
	s.render(w, r, status, "task", portalTaskPage{page: page{Title: t.Task.Title, User: &pp, Notice: f.Values["notice"], Form: f}, T: t, Loc: t.Access.Loc})
}

// portalTask shows one task; another member's, a private to-do or a deleted one is not found.
func (s *Server) portalTask(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	t, err := s.Tasks.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("task"))
	if err != nil {
		return err
	}
	f := httpx.NewForm()
	if r.URL.Query().Get("done") != "" && t.Task.Done() {
		f.Values["notice"] = "Thank you: the task is marked done. Your practice sees it, and your reply."
	}
	s.renderTask(w, r, pp, t, f, http.StatusOK)
	return nil
}

// portalTaskDone marks the task done with the reply; a too-long reply shows the page again with what was typed.
func (s *Server) portalTaskDone(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := r.ParseForm(); err != nil {
		return model.FieldError("reply", "The form could not be read. Try again.")
	}
	f := httpx.FormFrom(r, "reply")
	access, taskID := r.PathValue("id"), r.PathValue("task")
	if _, err := s.Tasks.PortalDone(r.Context(), pp, access, taskID, f.Get("reply")); err != nil {
		if !f.Absorb(err) {
			return err
		}
		t, lerr := s.Tasks.PortalGet(r.Context(), pp, access, taskID)
		if lerr != nil {
			return lerr
		}
		s.renderTask(w, r, pp, t, f, http.StatusUnprocessableEntity)
		return nil
	}
	http.Redirect(w, r, "/portal/c/"+access+"/tasks/"+taskID+"?done=1", http.StatusSeeOther)
	return nil
}
