package loadbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"

	"tend/internal/demo"
)

// The portal run's steps, each a row of the table.
const (
	stepSignIn = "portal sign-in"
	stepToDo   = "portal to-do"
	stepOpen   = "portal PHQ-9 open"
	stepSubmit = "portal PHQ-9 submit"
	stepAll    = "portal whole visit"
)

var portalSteps = []string{stepSignIn, stepToDo, stepOpen, stepSubmit, stepAll}

var documentLink = regexp.MustCompile(`/portal/d/([0-9a-fA-F-]{36})`)

// phq9Answers answer every item of the PHQ-9 ("Several days" for each: 9 points).
func phq9Answers() url.Values {
	v := url.Values{"op": {"submit"}}
	for i := 1; i <= 9; i++ {
		v.Set(fmt.Sprintf("a.item%d", i), "Several days")
	}
	return v
}

// askPHQ9 makes sure a PHQ-9 waits on each portal client's chart, as the owner would through Manage
// documentation, so the suite can run again on the same demo (an answered one is asked for anew).
func askPHQ9(ctx context.Context, owner *session, logins []demo.PortalLogin) error {
	b, err := owner.get(ctx, "/api/v1/document-templates")
	if err != nil {
		return err
	}
	var ts struct {
		Items []struct {
			ID      string `json:"id"`
			Builtin string `json:"builtin"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &ts); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	phq9 := ""
	for _, t := range ts.Items {
		if t.Builtin == "phq9" {
			phq9 = t.ID
		}
	}
	if phq9 == "" {
		return errors.New("the practice has no built-in PHQ-9")
	}
	body, _ := json.Marshal(map[string][]string{"template_ids": {phq9}})
	for _, l := range logins {
		if _, _, err := owner.do(ctx, "PUT", "/api/v1/clients/"+l.ChartID+"/documents", "application/json", body, http.StatusOK); err != nil {
			return fmt.Errorf("asking for a PHQ-9: %w", err)
		}
	}
	return nil
}

// portalRun lets every portal client sign in, open their to-do and answer the PHQ-9 waiting there: all at
// once when arrival is 0, else client i starts i×arrival/n after the first, as real clients come in. Each comes from its own address (198.18.0.0/15, the benchmarking range) in X-Forwarded-For, as
// 200 households would; the server must trust loopback as its proxy to believe it.
func portalRun(ctx context.Context, base string, transport http.RoundTripper, logins []demo.PortalLogin, arrival time.Duration) map[string]Sample {
	var mu sync.Mutex
	out := map[string]Sample{}
	record := func(step string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		s := out[step]
		s.add(d, err)
		out[step] = s
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, l := range logins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSession(base, transport, fmt.Sprintf("198.18.%d.%d", i/250, i%250+1))
			<-start
			if arrival > 0 {
				select {
				case <-time.After(time.Duration(i) * arrival / time.Duration(len(logins))):
				case <-ctx.Done():
					return
				}
			}
			t := time.Now()
			err := visit(ctx, s, l, record)
			record(stepAll, time.Since(t), err)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	for k, s := range out {
		s.Elapsed = time.Since(t0)
		out[k] = s
	}
	return out
}

// visit is one portal client's visit, each step timed on its own.
func visit(ctx context.Context, s *session, l demo.PortalLogin, record func(string, time.Duration, error)) error {
	step := func(name string, fn func() error) error {
		t := time.Now()
		err := fn()
		record(name, time.Since(t), err)
		return err
	}
	err := step(stepSignIn, func() error {
		_, err := s.postForm(ctx, "/portal/login", url.Values{"email": {l.Email}, "password": {l.Password}}, http.StatusSeeOther)
		return err
	})
	if err != nil {
		return err
	}
	var doc string
	err = step(stepToDo, func() error {
		_, resp, err := s.do(ctx, "GET", "/portal", "", nil, http.StatusSeeOther) // one chart: its home
		if err != nil {
			return err
		}
		b, err := s.get(ctx, resp.Header.Get("Location"))
		if err != nil {
			return err
		}
		m := documentLink.FindSubmatch(b)
		if m == nil {
			return errors.New("the to-do holds no document to answer")
		}
		doc = string(m[1])
		return nil
	})
	if err != nil {
		return err
	}
	if err := step(stepOpen, func() error { _, err := s.get(ctx, "/portal/d/"+doc); return err }); err != nil {
		return err
	}
	return step(stepSubmit, func() error {
		_, err := s.postForm(ctx, "/portal/d/"+doc, phq9Answers(), http.StatusOK)
		return err
	})
}
