// Package payloadtest checks webhook bodies against the published JSON
// Schema (docs/webhook-payload.schema.json), for tests: what tracker sends
// is what the documentation promises receivers.
package payloadtest

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaPath is the schema's place in the repository.
const SchemaPath = "docs/webhook-payload.schema.json"

var (
	once     sync.Once
	compiled *jsonschema.Schema
	loadErr  error
)

// Validate fails the test unless body is a valid webhook payload.
func Validate(tb testing.TB, body []byte) {
	tb.Helper()
	once.Do(func() { compiled, loadErr = compile() })
	if loadErr != nil {
		tb.Fatalf("payloadtest: %v", loadErr)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("payload is not JSON: %v\n%s", err, body)
	}
	if err := compiled.Validate(doc); err != nil {
		tb.Errorf("payload does not match %s: %v\n%.2000s", SchemaPath, err, body)
	}
}

func compile() (*jsonschema.Schema, error) {
	path, err := RepoFile(SchemaPath)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // date-time and uri are checked, not just annotations
	return c.Compile(path)
}

// RepoFile finds a file of the repository from a test's package folder.
func RepoFile(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
