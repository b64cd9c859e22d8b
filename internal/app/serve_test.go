package app_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/app"
)

// startServe runs `tend serve` in this process and returns its address, a stop function and the channel
// that receives its exit code.
func startServe(t *testing.T, env map[string]string) (string, context.CancelFunc, <-chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- app.Run(ctx, app.Env{Args: []string{"serve", "--addr", "127.0.0.1:0"}, Getenv: func(k string) string { return env[k] },
			Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("reading the start-up line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		cancel()
		t.Fatalf("start-up line %q has no address", line)
	}
	return strings.TrimSpace(line[i:]), cancel, done
}

// serve prints its address, answers /readyz, sends every page to /setup on a new installation,
// and exits cleanly when its context ends (as on SIGTERM).
func TestServeStartsAndStopsGracefully(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		base, cancel, done := startServe(t, env)
		defer cancel()
		resp, err := http.Get(base + "/readyz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("readyz: %v %v", resp, err)
		}
		resp.Body.Close()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err = client.Get(base + "/")
		if err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/setup" {
			t.Fatalf("GET / on a new installation: %v %v", resp, err)
		}
		resp.Body.Close()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("serve exited with %d", code)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop within 10 s of its context ending")
		}
	})
}
