package plangen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout is how long a language-model draft may take before the built-in generator is used.
const DefaultTimeout = 20 * time.Second

// maxAnswer bounds what is read from the endpoint.
const maxAnswer = 4 << 20

// LLM is an OpenAI-compatible chat-completions endpoint (llama.cpp, Ollama, vLLM or a hosted service).
// URL is the server's base address ("http://127.0.0.1:11434", "https://api.example/v1") or the full
// chat-completions address; see Endpoint.
type LLM struct {
	URL, Model, APIKey string
	HTTP               *http.Client  // nil: a client that follows no redirects
	Timeout            time.Duration // 0: DefaultTimeout
}

// LLMFromEnv reads TEND_LLM_URL, TEND_LLM_MODEL, TEND_LLM_API_KEY_FILE and TEND_LLM_TIMEOUT; it returns
// nil when no endpoint is set.
func LLMFromEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (*LLM, error) {
	l, err := NewLLM(getenv("TEND_LLM_URL"), getenv("TEND_LLM_MODEL"), getenv("TEND_LLM_API_KEY_FILE"), readFile)
	if err != nil || l == nil {
		return l, err
	}
	if v := strings.TrimSpace(getenv("TEND_LLM_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 5*time.Minute {
			return nil, fmt.Errorf("TEND_LLM_TIMEOUT %q must be a duration from 1s to 5m, such as 30s", v)
		}
		l.Timeout = d
	}
	return l, nil
}

// NewLLM checks an endpoint's settings and reads its key file; it returns nil when rawURL, model and
// keyFile are all empty (no endpoint).
func NewLLM(rawURL, model, keyFile string, readFile func(string) ([]byte, error)) (*LLM, error) {
	rawURL, model, keyFile = strings.TrimSpace(rawURL), strings.TrimSpace(model), strings.TrimSpace(keyFile)
	if rawURL == "" && model == "" && keyFile == "" {
		return nil, nil
	}
	if rawURL == "" {
		return nil, errors.New("TEND_LLM_MODEL or TEND_LLM_API_KEY_FILE is set but TEND_LLM_URL is not")
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("TEND_LLM_URL %q is not an http(s) address such as http://127.0.0.1:11434", rawURL)
	}
	if u.User != nil {
		return nil, errors.New("TEND_LLM_URL must not hold credentials; put the key in TEND_LLM_API_KEY_FILE")
	}
	if model == "" {
		return nil, errors.New("TEND_LLM_MODEL must name the model when TEND_LLM_URL is set")
	}
	l := &LLM{URL: rawURL, Model: model}
	if keyFile != "" {
		b, err := readFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("TEND_LLM_API_KEY_FILE: %w", err)
		}
		if l.APIKey = strings.TrimSpace(string(b)); l.APIKey == "" {
			return nil, errors.New("TEND_LLM_API_KEY_FILE names an empty file")
		}
	}
	return l, nil
}

// Endpoint is the chat-completions address: URL itself when it ends in /chat/completions, else URL with
// /chat/completions added after a trailing /v1, else with /v1/chat/completions added.
func (l *LLM) Endpoint() string {
	u := strings.TrimRight(l.URL, "/")
	switch {
	case strings.HasSuffix(u, "/chat/completions"):
		return u
	case strings.HasSuffix(u, "/v1"):
		return u + "/chat/completions"
	}
	return u + "/v1/chat/completions"
}

// Host is the endpoint's host (and port), for the audit.
func (l *LLM) Host() string {
	u, err := url.Parse(l.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

func (l *LLM) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultTimeout
}

// A FailedError says why the endpoint gave no usable draft, in words fit for the clinician and the audit
// (never the answer's text).
type FailedError struct {
	Reason string
	Err    error
}

func (e *FailedError) Error() string { return "plangen: language model: " + e.Reason }

// Unwrap returns the cause.
func (e *FailedError) Unwrap() error { return e.Err }

// The chat-completions request and answer, as the OpenAI API defines them (the parts used here).
type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model          string            `json:"model"`
	Messages       []chatMessage     `json:"messages"`
	Temperature    float64           `json:"temperature"`
	ResponseFormat map[string]string `json:"response_format"`
	Stream         bool              `json:"stream"`
}

type chatResponse struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
}

// complete sends the de-identified prompt and returns the answer's content, or a *FailedError.
func (l *LLM) complete(ctx context.Context, p prompt) (content string, err error) {
	body, err := json.Marshal(chatRequest{
		Model: l.Model,
		Messages: []chatMessage{
			{Role: "system", Content: systemPrompt},
			{Role: "user", Content: p.user},
		},
		Temperature:    0,
		ResponseFormat: map[string]string{"type": "json_object"},
	})
	if err != nil {
		return "", fmt.Errorf("plangen: request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, l.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.Endpoint(), bytes.NewReader(body))
	if err != nil {
		return "", &FailedError{Reason: "the endpoint address is not usable", Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if l.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+l.APIKey)
	}
	client := l.HTTP
	if client == nil {
		// A redirect would resend the summary elsewhere; an endpoint that redirects is misconfigured.
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", &FailedError{Reason: fmt.Sprintf("the endpoint did not answer within %s", l.timeout()), Err: err}
		}
		return "", &FailedError{Reason: "the endpoint could not be reached", Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", &FailedError{Reason: fmt.Sprintf("the endpoint answered HTTP %d", resp.StatusCode)}
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		if ctx.Err() != nil {
			return "", &FailedError{Reason: fmt.Sprintf("the endpoint did not answer within %s", l.timeout()), Err: err}
		}
		return "", &FailedError{Reason: "the endpoint's answer was cut off", Err: err}
	}
	if len(raw) > maxAnswer {
		return "", &FailedError{Reason: "the endpoint's answer was too large"}
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return "", &FailedError{Reason: "the endpoint's answer was not chat-completions JSON", Err: err}
	}
	if len(cr.Choices) == 0 || strings.TrimSpace(cr.Choices[0].Message.Content) == "" {
		return "", &FailedError{Reason: "the endpoint's answer had no content"}
	}
	return cr.Choices[0].Message.Content, nil
}
