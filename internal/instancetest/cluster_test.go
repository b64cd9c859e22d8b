package instancetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver the test reads the database with

	"tend/internal/mail/mailtest"
	"tend/internal/testdb"
)

// cluster is one installation: a PostgreSQL database, one SMTP server and several `tend serve`
// processes on it, each with its own port and data folder and the same secret key.
type cluster struct {
	t     *testing.T
	bin   string
	env   []string
	db    *sql.DB
	smtp  *mailtest.Server
	nodes []*node
	token string // the owner's API token, valid on every instance
}

// node is one `tend serve` process; a restart starts a new process on the same port and folder.
type node struct {
	i      int
	addr   string
	dir    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// in is the cluster for a subtest: its helpers fail t.
func (c *cluster) in(t *testing.T) *cluster {
	cc := *c
	cc.t = t
	return &cc
}

func (n *node) url(path string) string { return "http://" + n.addr + path }

// buildTend builds the tend binary once for the whole test, from the module's root.
func buildTend(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tend")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/tend")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/tend: %v\n%s", err, out)
	}
	return bin
}

// ports gives n ports for the instances: TEND_TEST_PORT_BASE, BASE+1, … when it is set (a machine that
// hands out port ranges), else ports the kernel finds free.
func ports(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	if base := os.Getenv("TEND_TEST_PORT_BASE"); base != "" {
		b, err := strconv.Atoi(base)
		if err != nil {
			t.Fatalf("TEND_TEST_PORT_BASE %q: %v", base, err)
		}
		for i := range n {
			out = append(out, "127.0.0.1:"+strconv.Itoa(b+i))
		}
		return out
	}
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ln.Addr().String())
		ln.Close()
	}
	return out
}

// newCluster creates a fresh database on the admin server (dropped at the end), an SMTP server and n
// stopped nodes. Every process it starts is killed when the test ends, before the database is dropped.
func newCluster(t *testing.T, admin string, n int) *cluster {
	t.Helper()
	bin := buildTend(t)
	dbURL := testdb.URL(t, admin)
	d, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	smtp := mailtest.Start(t, true)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, smtp.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	var env []string
	for _, kv := range os.Environ() { // the developer's own TEND_* settings stay out
		if !strings.HasPrefix(kv, "TEND_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"TEND_DATABASE_URL="+dbURL,
		"TEND_SECRET_KEY="+hex.EncodeToString(key),
		"TEND_SMTP_URL=smtp://"+mailtest.Username+":"+mailtest.Password+"@"+smtp.Addr,
		"TEND_SMTP_CA_FILE="+ca,
		"TEND_MAIL_FROM=Harbor Counseling <noreply@harbor.example>",
		"TEND_LOG_FORMAT=json",
		"TEND_AUDIT_CHECKPOINT_INTERVAL=1m",
	)
	c := &cluster{t: t, bin: bin, env: env, db: d, smtp: smtp}
	for i, addr := range ports(t, n) {
		c.nodes = append(c.nodes, &node{i: i, addr: addr, dir: t.TempDir()})
	}
	t.Cleanup(func() {
		for _, nd := range c.nodes {
			c.kill(nd)
		}
	})
	return c
}

// start launches the nodes at once, then waits until each answers /healthz.
func (c *cluster) start(nodes ...*node) {
	c.t.Helper()
	for _, n := range nodes {
		logf, err := os.OpenFile(filepath.Join(n.dir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			c.t.Fatal(err)
		}
		cmd := exec.Command(c.bin, "serve", "--addr", n.addr, "--data", n.dir)
		cmd.Env = c.env
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			logf.Close()
			c.t.Fatalf("starting instance %d: %v", n.i, err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); logf.Close(); close(exited) }()
		n.cmd, n.exited = cmd, exited
	}
	for _, n := range nodes {
		c.waitReady(n)
	}
}

// waitReady polls the node's /healthz until it answers 200, failing with its log if it exits or takes
// longer than the deadline (migrations wait for each other's lock).
func (c *cluster) waitReady(n *node) {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	cl := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-n.exited:
			c.t.Fatalf("instance %d exited while starting:\n%s", n.i, c.logTail(n))
		default:
		}
		if res, err := cl.Get(n.url("/healthz")); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("instance %d not ready after 60 s:\n%s", n.i, c.logTail(n))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the node's process at once (SIGKILL: no drain, no goodbye) and waits for it to be gone.
func (c *cluster) kill(n *node) {
	if n.cmd == nil {
		return
	}
	_ = n.cmd.Process.Kill()
	<-n.exited
	n.cmd = nil
}

// signal sends sig to each running node.
func (c *cluster) signal(sig syscall.Signal, nodes ...*node) {
	for _, n := range nodes {
		if n.cmd != nil {
			_ = n.cmd.Process.Signal(sig)
		}
	}
}

func (c *cluster) logTail(n *node) string {
	b, _ := os.ReadFile(filepath.Join(n.dir, "serve.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// logLines returns the JSON log lines of every process the node ran whose msg is msg.
func (c *cluster) logLines(n *node, msg string) []map[string]any {
	c.t.Helper()
	f, err := os.Open(filepath.Join(n.dir, "serve.log"))
	if os.IsNotExist(err) { // never started
		return nil
	}
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == msg {
			out = append(out, line)
		}
	}
	return out
}

// clientIDs maps River's client id of every process the node ran to the node.
func (c *cluster) clientIDs() map[string]*node {
	out := map[string]*node{}
	for _, n := range c.nodes {
		for _, l := range c.logLines(n, "River client started") {
			if id, ok := l["client_id"].(string); ok {
				out[id] = n
			}
		}
	}
	return out
}

// tend runs a tend command on the installation with stdin and returns its standard output.
func (c *cluster) tend(stdin string, args ...string) (string, error) {
	cmd := exec.Command(c.bin, append(args, "--data", c.t.TempDir())...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("tend %s: %w\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), err
}

// api sends a JSON request with the owner's token to node n and decodes a 2xx answer into out; it
// returns the status.
func (c *cluster) api(n *node, method, path string, body, out any) int {
	c.t.Helper()
	status, raw := c.do(&http.Client{Timeout: 15 * time.Second}, n, method, path, "Bearer "+c.token, "", body)
	if out != nil && status/100 == 2 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: decoding %s: %v", method, path, raw, err)
		}
	}
	return status
}

// do sends one request; auth and cookie set those headers when not empty.
func (c *cluster) do(cl *http.Client, n *node, method, path, auth, cookie string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, n.url(path), rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := cl.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s on instance %d: %v", method, path, n.i, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// count runs a counting query.
func (c *cluster) count(q string, args ...any) int {
	c.t.Helper()
	var n int
	if err := c.db.QueryRow(q, args...).Scan(&n); err != nil {
		c.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// eventually polls cond every 50 ms until it holds or the deadline passes, then fails with what.
func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// received counts the messages the SMTP server got for the address.
func (c *cluster) received(addr string) int {
	n := 0
	for _, m := range c.smtp.Messages() {
		if strings.Contains(m, "To: "+addr) || strings.Contains(m, "To: <"+addr+">") {
			n++
		}
	}
	return n
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
