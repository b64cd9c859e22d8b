package app_test

import (
	"bufio"
	"context"
	"io"
	"net"
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
	// The start-up message: a rule, then the line that ends with the address.
	out := bufio.NewReader(pr)
	var seen []string
	for {
		line, err := out.ReadString('\n')
		if err != nil {
			cancel()
			t.Fatalf("reading the start-up message: %v after %q", err, seen)
		}
		seen = append(seen, line)
		if i := strings.Index(line, "http://"); i >= 0 {
			go io.Copy(io.Discard, out)
			return strings.TrimSpace(line[i:]), cancel, done
		}
		if len(seen) > 5 {
			cancel()
			t.Fatalf("no address in the start-up message %q", seen)
		}
	}
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

// Issue 12, item 1: behind an https address, serve refuses to start while /metrics would have neither a
// token nor a listener of its own, and says what to set.
func TestServeRefusesPublicMetrics(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, map[string]string{"TEND_DATA_DIR": t.TempDir(), "TEND_BASE_URL": "https://tend.example"}, "", "serve", "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errOut, "TEND_METRICS_TOKEN") || !strings.Contains(errOut, "TEND_METRICS_ADDR") {
		t.Fatalf("serve: %d %q, want a refusal naming TEND_METRICS_TOKEN and TEND_METRICS_ADDR", code, errOut)
	}
	code, _, errOut = run(t, map[string]string{"TEND_DATA_DIR": t.TempDir(), "TEND_TRUSTED_PROXIES": "10.0.0.0/8, 10.0.0.300"}, "", "serve", "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errOut, "10.0.0.300") {
		t.Fatalf("serve with a malformed trusted proxy: %d %q, want a refusal naming it", code, errOut)
	}
}

// Issue 12, item 1: with TEND_METRICS_ADDR, /metrics is served there (without a token) and no longer on
// the main listener, even to this machine.
func TestServeMetricsOnOwnListener(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		// A free port for the metrics listener: listen on :0, note it, close it.
		probe, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		metricsAddr := probe.Addr().String()
		probe.Close()
		env["TEND_METRICS_ADDR"] = metricsAddr
		env["TEND_BASE_URL"] = "https://tend.example"
		base, cancel, done := startServe(t, env)
		defer func() { cancel(); <-done }()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		status := func(url string) int {
			t.Helper()
			resp, err := client.Get(url)
			if err != nil {
				t.Fatalf("GET %s: %v", url, err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if got := status("http://" + metricsAddr + "/metrics"); got != http.StatusOK {
			t.Errorf("/metrics on TEND_METRICS_ADDR: %d, want 200", got)
		}
		if got := status("http://" + metricsAddr + "/readyz"); got != http.StatusOK {
			t.Errorf("/readyz on TEND_METRICS_ADDR: %d, want 200", got)
		}
		if got := status(base + "/metrics"); got == http.StatusOK {
			t.Errorf("/metrics on the main listener: %d, want it gone", got)
		}
	})
}
