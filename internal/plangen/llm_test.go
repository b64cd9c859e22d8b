package plangen

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/model"
)

// fakeLLM is an OpenAI-compatible chat-completions server: it records each request and answers with
// status and content.
type fakeLLM struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	status   int
	content  string
	hang     bool
}

type recorded struct {
	path, auth, contentType string
	body                    []byte
}

func newFake(t *testing.T, content string) *fakeLLM {
	f := &fakeLLM{status: http.StatusOK, content: content}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, recorded{r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), body})
		status, content, hang := f.status, f.content, f.hang
		f.mu.Unlock()
		if hang {
			<-r.Context().Done()
			return
		}
		if status != http.StatusOK {
			http.Error(w, `{"error":{"message":"model overloaded"}}`, status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1767225600, "model": "test-model",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
			"usage":   map[string]int{"prompt_tokens": 100, "completion_tokens": 200, "total_tokens": 300},
		})
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeLLM) got() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded{}, f.requests...)
}

func (f *fakeLLM) generator(timeout time.Duration) *Generator {
	return &Generator{LLM: &LLM{URL: f.URL, Model: "test-model", APIKey: "sk-test-key", Timeout: timeout}}
}

// goodAnswer is a plan as a model would write it, with a fence, HTML to strip and a baseline it has no
// business setting.
const goodAnswer = "```json\n" + `{
 "title": "Plan for <b>mood</b> and worry",
 "problems": [{
   "statement": "Persistent low mood with\u0007 loss of interest.",
   "goals": [{"statement": "The client will feel better.",
     "objectives": [
       {"statement": "PHQ-9 from 18 to below 10 within 12 weeks.", "target_weeks": 12, "measure": {"scoring": "phq9", "below": 10, "baseline": 3}},
       {"statement": "Attend weekly sessions.", "target_date": "2026-04-01"}]}],
   "interventions": [{"modality": "CBT <script>alert(1)</script>", "frequency": "Weekly"}]
 }],
 "narrative": "## Summary\n\nThe client <img src=x onerror=alert(1)> will work on **mood**.\n",
 "review_weeks": 12,
 "extra": "ignored"
}` + "\n```"

// Proves TP-2: a draft from the endpoint is asked for in the real chat-completions shape and its answer is
// validated, cleaned and turned into the plan, with the chart's own baseline.
func TestLLMRequestAndAnswer(t *testing.T) {
	t.Parallel()
	f := newFake(t, goodAnswer)
	r, err := f.generator(0).Draft(context.Background(), chart(), Options{LengthShort, ToneClinical, FormatBullets}, SourceLLM, true)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.got()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	q := reqs[0]
	if q.path != "/v1/chat/completions" || q.auth != "Bearer sk-test-key" || q.contentType != "application/json" {
		t.Errorf("request: %+v", q)
	}
	var body struct {
		Model          string            `json:"model"`
		Messages       []chatMessage     `json:"messages"`
		Temperature    *float64          `json:"temperature"`
		ResponseFormat map[string]string `json:"response_format"`
	}
	if err := json.Unmarshal(q.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Model != "test-model" || len(body.Messages) != 2 || body.Messages[0].Role != "system" || body.Messages[1].Role != "user" ||
		body.Temperature == nil || *body.Temperature != 0 || body.ResponseFormat["type"] != "json_object" {
		t.Errorf("body: %s", q.body)
	}
	user := body.Messages[1].Content
	for _, want := range []string{`"F32.1"`, "Major depressive disorder", `"latest": 18`, `"previous": 21`, "sleep problems", `"length": "short"`, `"tone": "clinical"`, `"format": "bullets"`, `"the client"`} {
		if !strings.Contains(user, want) {
			t.Errorf("prompt lacks %s:\n%s", want, user)
		}
	}

	c := r.Content
	if r.Source != model.PlanLLM || r.Fallback != "" || r.Model != "test-model" || r.Host != strings.TrimPrefix(f.URL, "http://") ||
		!strings.Contains(r.Note, "test-model") {
		t.Errorf("result: %+v", r)
	}
	wantSent := []string{SentDiagnoses, SentThemes, SentScores, SentMood, SentOptions}
	if strings.Join(r.Sent, "|") != strings.Join(wantSent, "|") {
		t.Errorf("sent = %q, want %q", r.Sent, wantSent)
	}
	if c.Title != "Plan for mood and worry" || len(c.Diagnoses) != 2 || c.ReviewDate != "2026-05-25" {
		t.Errorf("content: %s", c.CanonicalJSON())
	}
	ob := c.Problems[0].Goals[0].Objectives
	if c.Problems[0].Statement != "Persistent low mood with loss of interest." || ob[0].TargetDate != "2026-05-25" ||
		*ob[0].Measure.Baseline != 18 || ob[1].TargetDate != "2026-04-01" || c.Problems[0].Interventions[0].Modality != "CBT alert(1)" {
		t.Errorf("content: %s", c.CanonicalJSON())
	}
	if strings.Contains(c.Narrative, "<") || !strings.Contains(c.Narrative, "**mood**") {
		t.Errorf("narrative: %q", c.Narrative)
	}
}

// Proves TP-2 (issue 15, item 9): a canary name, email, birth date and phone in the chart's free text
// and labels never reach the endpoint.
func TestLLMDeidentified(t *testing.T) {
	t.Parallel()
	f := newFake(t, goodAnswer)
	in := chart()
	in.PresentingConcerns = "Wilhelmina Featherstonehaugh (born 1984-07-19, 19/07/1984) can be reached at wfeather@example.org or +1 (555) 013-2468. Can't sleep."
	in.History = "Lives at 12 Quillfeather Lane; employer Zanzibar Widgets; see https://social.example/wilhelmina. MRN 88412357."
	in.Diagnoses[0].Label = "Wilhelmina's depression"
	in.Diagnoses[0].DiagnosisID = "0194d3c2-canary-id"
	in.Diagnoses[1].Description = "Generalized anxiety disorder, call 555-013-2468 or mail wfeather@example.org 1984-07-19"
	in.Diagnoses = append(in.Diagnoses, model.PlanDiagnosis{Code: "Featherstonehaugh", Description: "not a code"})
	if _, err := f.generator(0).Draft(context.Background(), in, Options{}, SourceLLM, true); err != nil {
		t.Fatal(err)
	}
	reqs := f.got()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	body := string(reqs[0].body)
	var decoded struct{ Messages []chatMessage }
	json.Unmarshal(reqs[0].body, &decoded)
	everything := body + decoded.Messages[1].Content
	for _, canary := range []string{"Wilhelmina", "Featherstonehaugh", "wfeather", "example.org", "1984", "19/07", "555", "013-2468", "2468",
		"Quillfeather", "Zanzibar", "social.example", "88412357", "canary-id", "Can't sleep", "2026-03-02", "2026-02-20"} {
		if strings.Contains(everything, canary) {
			t.Errorf("%q reached the endpoint:\n%s", canary, decoded.Messages[1].Content)
		}
	}
	if !strings.Contains(everything, "sleep problems") || !strings.Contains(everything, "Generalized anxiety disorder") {
		t.Errorf("the de-identified facts are missing:\n%s", decoded.Messages[1].Content)
	}
}

// Proves TP-2: an endpoint that fails, answers garbage or an invalid plan, or hangs, gives the built-in
// draft with the reason; the audit still learns what was sent.
func TestLLMFallback(t *testing.T) {
	t.Parallel()
	builtin := Builtin(chart(), Options{}).CanonicalJSON()
	invalid := func(edit func(*answer)) string {
		var a answer
		json.Unmarshal([]byte(strings.Trim(strings.TrimPrefix(goodAnswer, "```json"), "`\n")), &a)
		edit(&a)
		b, _ := json.Marshal(a)
		return string(b)
	}
	tests := []struct {
		name    string
		status  int
		content string
		hang    bool
		reason  string
	}{
		{"HTTP error", http.StatusServiceUnavailable, "", false, "HTTP 503"},
		{"unauthorised", http.StatusUnauthorized, "", false, "HTTP 401"},
		{"garbage", 200, "I'm sorry, I can't help with that.", false, "not a usable plan (not a JSON plan)"},
		{"empty", 200, "   ", false, "no content"},
		{"no problems", 200, `{"title":"x","problems":[]}`, false, "no problems"},
		{"unknown scoring", 200, invalid(func(a *answer) { a.Problems[0].Goals[0].Objectives[0].Measure.Scoring = "pcl5" }), false, "does not use"},
		{"past date", 200, invalid(func(a *answer) { a.Problems[0].Goals[0].Objectives[1].TargetDate = "2026-03-01" }), false, "date before today"},
		{"bad date", 200, invalid(func(a *answer) { a.Problems[0].Goals[0].Objectives[1].TargetDate = "1 March" }), false, "not YYYY-MM-DD"},
		{"empty statement", 200, invalid(func(a *answer) { a.Problems[0].Goals[0].Statement = "<b></b>" }), false, "problem 1, goal 1: empty"},
		{"too long", 200, invalid(func(a *answer) { a.Problems[0].Statement = strings.Repeat("x", model.MaxPlanStatement+1) }), false, "over 2000 characters"},
		{"huge narrative", 200, invalid(func(a *answer) { a.Narrative = strings.Repeat("word ", 20000) }), false, "narrative over"},
		{"hangs", 200, goodAnswer, true, "did not answer within 150ms"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tc.content)
			f.status, f.hang = tc.status, tc.hang
			start := time.Now()
			r, err := f.generator(150*time.Millisecond).Draft(context.Background(), chart(), Options{}, SourceLLM, true)
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != model.PlanBuiltin || !strings.Contains(r.Fallback, tc.reason) || r.Content.CanonicalJSON() != builtin {
				t.Errorf("result: source %s, fallback %q, want one containing %q", r.Source, r.Fallback, tc.reason)
			}
			if len(r.Sent) == 0 || r.Model != "test-model" || r.Host == "" || len(f.got()) != 1 {
				t.Errorf("the audit facts: sent %v, model %q, host %q, %d requests", r.Sent, r.Model, r.Host, len(f.got()))
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("the timeout did not hold")
			}
		})
	}
}

// Proves TP-2: with external drafting off, with no endpoint, or when the built-in generator is asked
// for, no request is made; bad options and sources are field errors; a cancelled request is an error.
func TestLLMNotUsed(t *testing.T) {
	t.Parallel()
	f := newFake(t, goodAnswer)
	g := f.generator(0)
	ctx := context.Background()
	r, err := g.Draft(ctx, chart(), Options{}, SourceLLM, false)
	if err != nil || r.Source != model.PlanBuiltin || r.Fallback != FallbackNotAllowed || len(r.Sent) != 0 || r.Host != "" {
		t.Errorf("not allowed: %+v %v", r, err)
	}
	r, err = g.Draft(ctx, chart(), Options{}, SourceBuiltin, true)
	if err != nil || r.Source != model.PlanBuiltin || r.Fallback != "" || r.Note != "medium, professional, structured" || len(r.Sent) != 0 {
		t.Errorf("builtin: %+v %v", r, err)
	}
	r, err = (&Generator{}).Draft(ctx, chart(), Options{}, SourceLLM, true)
	if err != nil || r.Source != model.PlanBuiltin || r.Fallback != FallbackNotConfigured {
		t.Errorf("none configured: %+v %v", r, err)
	}
	if n := len(f.got()); n != 0 {
		t.Fatalf("%d requests reached the endpoint", n)
	}

	var ve *model.ValidationError
	if _, err := g.Draft(ctx, chart(), Options{Length: "epic"}, SourceLLM, true); !errors.As(err, &ve) || ve.Fields["length"] == "" {
		t.Errorf("bad option: %v", err)
	}
	if _, err := g.Draft(ctx, chart(), Options{}, "oracle", true); !errors.As(err, &ve) || ve.Fields["source"] == "" {
		t.Errorf("bad source: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.Draft(cancelled, chart(), Options{}, SourceLLM, true); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// Proves TP-2: the endpoint settings; the chat-completions address from the base URL.
func TestLLMSettings(t *testing.T) {
	t.Parallel()
	none := func(string) string { return "" }
	if l, err := LLMFromEnv(none, os.ReadFile); l != nil || err != nil {
		t.Errorf("unset: %v %v", l, err)
	}
	key := filepath.Join(t.TempDir(), "key")
	os.WriteFile(key, []byte("sk-abc\n"), 0o600)
	env := map[string]string{"TEND_LLM_URL": "https://llm.example:8443/v1/", "TEND_LLM_MODEL": "m1", "TEND_LLM_API_KEY_FILE": key, "TEND_LLM_TIMEOUT": "30s"}
	l, err := LLMFromEnv(func(k string) string { return env[k] }, os.ReadFile)
	if err != nil || l.APIKey != "sk-abc" || l.Model != "m1" || l.Timeout != 30*time.Second || l.Host() != "llm.example:8443" ||
		l.Endpoint() != "https://llm.example:8443/v1/chat/completions" {
		t.Fatalf("set: %+v %v", l, err)
	}
	for url, want := range map[string]string{
		"http://127.0.0.1:11434":                      "http://127.0.0.1:11434/v1/chat/completions",
		"http://127.0.0.1:8080/":                      "http://127.0.0.1:8080/v1/chat/completions",
		"https://gw.example/openai/v1":                "https://gw.example/openai/v1/chat/completions",
		"https://gw.example/deploy/chat/completions":  "https://gw.example/deploy/chat/completions",
		"https://gw.example/api/v1/chat/completions/": "https://gw.example/api/v1/chat/completions",
	} {
		if got := (&LLM{URL: url}).Endpoint(); got != want {
			t.Errorf("%s → %s, want %s", url, got, want)
		}
	}
	for name, e := range map[string]map[string]string{
		"no URL":      {"TEND_LLM_MODEL": "m"},
		"not http":    {"TEND_LLM_URL": "file:///etc/passwd", "TEND_LLM_MODEL": "m"},
		"credentials": {"TEND_LLM_URL": "https://u:p@llm.example", "TEND_LLM_MODEL": "m"},
		"no model":    {"TEND_LLM_URL": "https://llm.example"},
		"no key file": {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_API_KEY_FILE": "/nonexistent"},
		"timeout":     {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_TIMEOUT": "forever"},
	} {
		if l, err := LLMFromEnv(func(k string) string { return e[k] }, os.ReadFile); err == nil || l != nil || !strings.Contains(err.Error(), "TEND_LLM_") {
			t.Errorf("%s: %v %v", name, l, err)
		}
	}
}
