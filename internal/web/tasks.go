package web

import (
	"net/http"

	"tend/internal/model"
	"tend/internal/tasks"
)

// Issue 17, item 1 (TK-1): the chart's Tasks tab, and the pages to assign, edit, reopen and delete a task.

// tasksTab is the Tasks tab: a page of the chart's tasks with its filter.
type tasksTab struct {
	tasks.List
	FilterLinks []tabLink
}

var taskFilterLabels = map[string]string{"": "All", "open": "Open", "overdue": "Overdue", "done": "Done"}

// loadTasksTab reads the tab's page of tasks.
func (s *Server) loadTasksTab(r *http.Request, p model.Principal, chartID string) (*tasksTab, error) {
	filter := r.URL.Query().Get("status")
	l, err := s.Tasks.List(r.Context(), p, chartID, filter, r.URL.Query().Get("page"))
	if err != nil {
		return nil, err
	}
	t := &tasksTab{List: l}
	for _, f := range tasks.Filters {
		url := "/clients/" + chartID + "?tab=tasks"
		if f != "" {
			url += "&status=" + f
		}
		t.FilterLinks = append(t.FilterLinks, tabLink{Key: f, Label: taskFilterLabels[f], URL: url, Current: f == filter})
	}
	return t, nil
}

// taskPage is a task's page: a new one's form, or one with the client's reply and its form.
type taskPage struct {
	page
	C        model.Client
	T        tasks.View // empty for a new one
	Document string     // the document that goes with it
	Members  []model.Member
	Requests []model.DocumentRequest
	Files    []model.File
	File     model.File // the file that goes with it
	Form     form
	Caps     tasks.Caps
}

var taskFields = []string{"title", "instructions", "due_on", "member_id", "document_request_id", "file_id", "private", "confirm_past_due"}

func (s *Server) renderTask(w http.ResponseWriter, r *http.Request, p model.Principal, status int, data taskPage) error {
	title := "Assign a task"
	if data.T.ID != "" {
		title = data.T.Title
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	data.page = pg
	s.render(w, r, status, "task", data)
	return nil
}

// taskInput reads the form into a task change.
func taskInput(f form, fresh bool) tasks.Input {
	title, instr, due, doc, file := f.Get("title"), f.Get("instructions"), f.Get("due_on"), f.Get("document_request_id"), f.Get("file_id")
	private := f.Get("private") == "on"
	in := tasks.Input{TaskChange: model.TaskChange{Title: &title, Instructions: &instr, DueOn: &due, Private: &private,
		ConfirmPastDue: f.Get("confirm_past_due") == "on"}, DocumentRequestID: &doc, FileID: &file}
	if fresh {
		m := f.Get("member_id")
		in.MemberID = &m
	}
	return in
}

// taskNewForm shows an empty task form.
func (s *Server) taskNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Tasks.Form(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	if r.URL.Query().Get("private") == "1" {
		f.Values["private"] = "on"
	}
	return s.renderTask(w, r, p, http.StatusOK, taskPage{C: l.Chart, Members: l.Members, Requests: l.Requests, Files: l.Files, Form: f, Caps: l.Caps})
}

// taskCreate assigns the task; a refusal shows the form again with what was typed.
func (s *Server) taskCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, taskFields...)
	d, err := s.Tasks.Create(r.Context(), p, r.PathValue("id"), taskInput(f, true))
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		l, err := s.Tasks.Form(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.renderTask(w, r, p, http.StatusUnprocessableEntity, taskPage{C: l.Chart, Members: l.Members, Requests: l.Requests, Files: l.Files, Form: f, Caps: l.Caps})
	}
	msg := "The task is assigned. It shows in the portal under To do now."
	if d.Task.Private {
		msg = "The to-do is saved. The client never sees it."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+d.Chart.ID+"?tab=tasks", http.StatusSeeOther)
	return nil
}

func taskForm(t tasks.View) form {
	f := newForm()
	f.Values["title"], f.Values["instructions"], f.Values["due_on"], f.Values["document_request_id"], f.Values["file_id"] = t.Title, t.Instructions, t.DueOn, t.DocumentRequestID, t.FileID
	if t.Private {
		f.Values["private"] = "on"
	}
	return f
}

// taskView shows a task with its completion and the client's reply, and its form to those who may change it.
func (s *Server) taskView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Tasks.Get(r.Context(), p, r.PathValue("id"), r.PathValue("task"))
	if err != nil {
		return err
	}
	return s.renderTask(w, r, p, http.StatusOK, taskPage{C: d.Chart, T: d.Task, Document: d.Document, Requests: d.Requests, Files: d.Files, File: d.File, Form: taskForm(d.Task), Caps: d.Caps})
}

// taskSave stores an edit; a refusal shows the form again with what was typed.
func (s *Server) taskSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, taskFields...)
	d, err := s.Tasks.Update(r.Context(), p, r.PathValue("id"), r.PathValue("task"), taskInput(f, false))
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		cur, err := s.Tasks.Get(r.Context(), p, r.PathValue("id"), r.PathValue("task"))
		if err != nil {
			return err
		}
		return s.renderTask(w, r, p, http.StatusUnprocessableEntity, taskPage{C: cur.Chart, T: cur.Task, Document: cur.Document, Requests: cur.Requests, Files: cur.Files, File: cur.File, Form: f, Caps: cur.Caps})
	}
	s.setFlash(w, "Saved.")
	http.Redirect(w, r, "/clients/"+d.Chart.ID+"/tasks/"+d.Task.ID, http.StatusSeeOther)
	return nil
}

// taskStatus marks a task done (status=done) or reopens it (status=open).
func (s *Server) taskStatus(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st := r.PostFormValue("status")
	if st != "done" && st != "open" {
		return model.FieldError("status", "Mark the task done, or reopen it.")
	}
	d, err := s.Tasks.SetDone(r.Context(), p, r.PathValue("id"), r.PathValue("task"), st == "done")
	if err != nil {
		return err
	}
	if st == "done" {
		s.setFlash(w, "Marked done.")
	} else {
		s.setFlash(w, "Reopened. It shows in the portal again.")
	}
	http.Redirect(w, r, "/clients/"+d.Chart.ID+"/tasks/"+d.Task.ID, http.StatusSeeOther)
	return nil
}

// taskDeletePage asks once more before a task is deleted.
type taskDeletePage struct {
	page
	C model.Client
	T tasks.View
}

// taskDeleteForm asks to confirm the delete.
func (s *Server) taskDeleteForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Tasks.Get(r.Context(), p, r.PathValue("id"), r.PathValue("task"))
	if err != nil {
		return err
	}
	if !d.Caps.Change {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Delete a task", "clients")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "task_delete", taskDeletePage{page: pg, C: d.Chart, T: d.Task})
	return nil
}

// taskDelete removes a task for good.
func (s *Server) taskDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Tasks.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("task")); err != nil {
		return err
	}
	s.setFlash(w, "The task is deleted.")
	http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=tasks", http.StatusSeeOther)
	return nil
}
