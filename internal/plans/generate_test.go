package plans_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/clinical"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plangen"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// chatServer speaks the chat-completions JSON of an OpenAI-compatible endpoint and keeps every request body.
type chatServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	answer string
}

func newChatServer(t *testing.T, answer string) *chatServer {
	cs := &chatServer{answer: answer}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		cs.mu.Lock()
		cs.bodies = append(cs.bodies, string(b))
		cs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": cs.answer}}}})
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *chatServer) sent() []string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]string{}, cs.bodies...)
}

const modelAnswer = `{"title": "Plan for low mood", "problems": [{"statement": "Low mood and loss of interest.",
 "goals": [{"statement": "Enjoy daily life again.", "objectives": [{"statement": "Walk three times a week.", "target_weeks": 8}]}],
 "interventions": [{"modality": "Behavioural activation", "frequency": "Weekly"}]}],
 "narrative": "## Summary\n\nWeekly sessions focused on activity.", "review_weeks": 12}`

// Issue 15, item 6: a draft lands as an unsigned version made by the built-in generator, and the three
// options change it; asked of a configured language-model endpoint, the request carries no name, email,
// date of birth or words of the chart (a canary of each is on the chart), the generation is audited
// with the host, the model and what was sent; with the practice's setting off no request is made and
// the built-in draft says why.
// Proves TP-2.
func TestGenerate(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		dob, email := "1987-06-05", "zebulon.canary@example.net"
		concerns := "Zebulon Quartermaine (zebulon.canary@example.net, born 1987-06-05) reports low mood and poor sleep."
		if _, err := w.h.App.Clients.Update(ctx, apptest.As(w.owner), w.chart.ID, model.ClientChange{FirstName: str("Zebulon"),
			LastName: str("Quartermaine"), Email: &email, DateOfBirth: &dob}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := w.h.App.Clinical.UpdateSummary(ctx, as, w.chart.ID, clinical.SummaryInput{Concerns: &concerns}); err != nil {
			t.Fatal(err)
		}
		g, err := w.svc.Generate(ctx, as, w.chart.ID, "", plans.GenerateInput{Options: plangen.Options{Length: "short"}})
		if err != nil {
			t.Fatal(err)
		}
		if g.Version.Source != model.PlanBuiltin || g.Version.Number != 1 || len(g.Version.Signatures) != 0 || len(g.Version.Content.Problems) == 0 ||
			g.Version.Content.Diagnoses[0].Code != "F33.1" || strings.Contains(g.Version.Content.CanonicalJSON(), "Zebulon") {
			t.Fatalf("built-in draft: %+v", g.Version)
		}
		long, err := w.svc.Generate(ctx, as, w.chart.ID, g.Plan.ID, plans.GenerateInput{Options: plangen.Options{Length: "long", Tone: "conversational", Format: "bullets"}})
		if err != nil || long.Version.Number != 2 || long.Version.SHA256 == g.Version.SHA256 {
			t.Fatalf("a long, conversational draft in bullets: %+v %v", long.Version, err)
		}

		external := func(want bool) {
			t.Helper()
			if got, err := w.svc.ExternalDrafting(ctx, as); err != nil || got != want {
				t.Fatalf("ExternalDrafting = %v, %v; want %v", got, err, want)
			}
		}
		external(false) // no endpoint configured
		cs := newChatServer(t, modelAnswer)
		w.svc.Drafts = &plangen.Generator{LLM: &plangen.LLM{URL: cs.URL, Model: "test-model", Timeout: 5 * time.Second}}
		external(true)
		ext, err := w.svc.Generate(ctx, as, w.chart.ID, g.Plan.ID, plans.GenerateInput{Source: plangen.SourceLLM})
		if err != nil || ext.Version.Source != model.PlanLLM || !ext.External || ext.Fallback != "" ||
			ext.Version.Content.Problems[0].Interventions[0].Modality != "Behavioural activation" {
			t.Fatalf("the endpoint's draft: %+v %v", ext, err)
		}
		bodies := cs.sent()
		if len(bodies) != 1 || !strings.Contains(bodies[0], "F33.1") {
			t.Fatalf("requests: %q", bodies)
		}
		for _, canary := range []string{"Zebulon", "Quartermaine", "zebulon.canary", "1987", "Robin", "Rivera", w.chart.ID} {
			if strings.Contains(bodies[0], canary) {
				t.Errorf("the request carried %q", canary)
			}
		}
		ev, err := w.h.App.Audit.Search(ctx, apptest.As(w.owner), audit.Query{Action: "chart.plan.generate"})
		if err != nil {
			t.Fatal(err)
		}
		host := strings.TrimPrefix(cs.URL, "http://")
		if len(ev.Events) != 3 || !strings.Contains(ev.Events[0].Detail, "host="+host) || !strings.Contains(ev.Events[0].Detail, "model=test-model") ||
			!strings.Contains(ev.Events[0].Detail, "sent=") {
			t.Fatalf("generation audit: %+v", ev.Events)
		}

		off := false
		if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(w.owner), model.PracticeSettingsChange{PlanDraftsExternal: &off}); err != nil {
			t.Fatal(err)
		}
		external(false) // the practice does not allow it
		kept, err := w.svc.Generate(ctx, as, w.chart.ID, g.Plan.ID, plans.GenerateInput{Source: plangen.SourceLLM})
		if err != nil || kept.Version.Source != model.PlanBuiltin || kept.Fallback != plangen.FallbackNotAllowed || len(cs.sent()) != 1 {
			t.Fatalf("with external drafting off: %+v %v (%d requests)", kept, err, len(cs.sent()))
		}
		if _, err := w.svc.Generate(ctx, as, w.chart.ID, "", plans.GenerateInput{Options: plangen.Options{Tone: "chatty"}}); fieldErr(err, "tone") == "" {
			t.Fatalf("an unknown tone: %v", err)
		}
	})
}
