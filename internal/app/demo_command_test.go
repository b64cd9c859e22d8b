package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"tend/internal/app"
)

// Issue 13, item 18: after the demo, the command to serve its data is printed exactly, --data included,
// as the person ran tend (go run or a binary); a second demo into the same data names the --data flag
// and leaves the data alone.
func TestDemoPrintsServeCommandAndNamesDataFlag(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		dir := env["TEND_DATA_DIR"]
		delete(env, "TEND_DATA_DIR") // the folder comes from the flag, as a newcomer types it
		demoRun := func(program string) (int, string, string) {
			var out, errOut bytes.Buffer
			code := app.Run(context.Background(), app.Env{Program: program, Args: []string{"demo", "--clients", "3", "--data", dir},
				Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
			return code, out.String(), errOut.String()
		}
		code, out, errOut := demoRun("/tmp/go-build2741/b001/exe/tend")
		if code != 0 {
			t.Fatalf("demo: %d %q", code, errOut)
		}
		want := "\n  go run ./cmd/tend serve --data " + dir + "\n"
		if env["TEND_DATABASE_URL"] != "" {
			want = "\n  go run ./cmd/tend serve    # with the same TEND_DATABASE_URL\n"
		}
		if !strings.Contains(out, want) {
			t.Errorf("after the demo: %q, want the line %q", out, want)
		}

		code, out, errOut = demoRun("./tend")
		if code == 0 || out != "" {
			t.Fatalf("a second demo into the same data: %d %q", code, out)
		}
		if env["TEND_DATABASE_URL"] != "" {
			if !strings.Contains(errOut, "TEND_DATABASE_URL") {
				t.Errorf("a second demo on PostgreSQL: %q, want TEND_DATABASE_URL named", errOut)
			}
			return
		}
		for _, want := range []string{"the data folder " + dir + " already has a practice", "./tend demo --data demo-data", "./tend serve --data demo-data"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("a second demo: %q, want %q", errOut, want)
			}
		}
	})
}
