package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryProblemInOnePass reads a file with a dozen mistakes of every
// kind, unknown and misspelt keys, values of the wrong type, a duplicate
// key, invalid values, and gets all of them at once, in file order, each
// as file:line: field: what is wrong (hint).
func TestEveryProblemInOnePass(t *testing.T) {
	path := filepath.Join("testdata", "many-problems.yaml")
	_, err := Load(path)
	if err == nil {
		t.Fatal("no error")
	}
	got := strings.Split(err.Error(), "\n")
	wantLines := []string{
		path + ":2: timeout: 30 has no unit (a duration needs one: 30s for seconds, 30m for minutes, 30h for hours)",
		path + `:3: spread: "soon" is not a duration (write a number with a unit, such as 30s, 5m or 1h)`,
		path + `:4: parallelism: "many" is not a whole number`,
		path + `:5: respect_robots: "maybe" is not true or false`,
		path + ":6: user-agent: unknown key (did you mean `user_agent`?)",
		path + ":13: vendors[0].documents[0].selct: unknown key (did you mean `select`?)",
		path + `:14: vendors[0].documents[0].remove: invalid CSS selector "div[": expected identifier, found EOF instead (one CSS selector per item, such as main, #content or article.policy; ` + "`tracker extract URL --select CSS`" + ` tries one)`,
		path + ":15: vendors[0].documents[1].type: \"Terms\" is not a document type (types are written in lowercase: `terms`)",
		path + `:16: vendors[0].documents[1].url: "ftp://acme.example/terms" must be an http:// or https:// URL (a full address such as https://example.com/privacy, or file:path for a local file)`,
		path + `:17: vendors[1].id: "Beta Corp" must be lowercase letters, digits, '.', '_' or '-' (it is typed on the command line: acme, acme-corp, acme.eu)`,
		path + `:17: vendors[1].name: is required (the vendor's name, shown in reports and alerts)`,
		path + `:18: vendors[1].documents: expected a list, found "oops" (start each item on its own line with "- ")`,
		path + ":21: vendors[2].name: is set twice, on line 20 and here (keep one: otherwise the later one silently wins)",
		path + `:23: vendors[2].documents[0].ignore[0]: invalid regular expression "(": error parsing regexp: missing closing ): ` + "`(`" + ` (Go regular expression syntax; put a \ before . ( ) [ ] * + ? to match them as they are)`,
	}
	if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("got:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
}

// TestSyntaxErrorsAtTheirLine: yaml.v3 reports most syntax errors on the
// line where the enclosing block began; the line at fault is found, and
// the mistake explained.
func TestSyntaxErrorsAtTheirLine(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"key indented too little",
			"vendors:\n  - id: acme\n    name: Acme\n    documents:\n      - type: privacy\n        url: https://acme.example/p\n     remove: nav\n",
			`c.yaml:7: vendors[0].documents[0]: "remove" is indented by 5 spaces, the other keys here by 8 spaces (YAML nests by indentation: indent it by 8 spaces to put it in vendors[0].documents[0])`},
		{"key of the vendor indented too little",
			"vendors:\n  - id: acme\n    name: Acme\n   documents:\n      - type: privacy\n",
			`c.yaml:4: vendors[0]: "documents" is indented by 3 spaces, the other keys here by 4 spaces (YAML nests by indentation: indent it by 4 spaces to put it in vendors[0])`},
		{"top-level key indented",
			"database: a.db\n schedule: \"@daily\"\nvendors: []\n",
			`c.yaml:2: this line is indented more than "database" on line 1, so YAML reads it as the rest of that value (start it in the same column as database to make it a key of its own)`},
		{"list item misaligned",
			"vendors:\n  - id: a\n    name: A\n    documents: []\n   - id: b\n",
			`c.yaml:5: vendors: this list item is indented by 3 spaces, the other items here by 2 spaces (YAML nests by indentation: indent it by 2 spaces to put it in vendors)`},
		{"unclosed quote",
			"vendors:\n  - id: acme\n    name: \"Acme\n    documents: []\n",
			`c.yaml:3: a quote or bracket opened here is never closed (close it on the same line, or check for a stray quote)`},
		{"tab", "vendors:\n\t- id: acme\n", `c.yaml:2: a tab in the indentation (indent with spaces: YAML does not allow tabs)`},
		{"unquoted @", "schedule: @daily\nvendors: []\n", `c.yaml:1: a value cannot start with "@" unquoted (quote it: "@daily")`},
		{"colon in a value", "vendors:\n  - id: acme\n    name: Acme: the company\n", `c.yaml:3: a value that contains ": " must be quoted (write it in double quotes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "c.yaml")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to start with:\n%s", err, tt.want)
			}
		})
	}
}

// TestEveryErrorNamesLineAndField checks the form of every message the
// file checks produce for a battery of broken files.
func TestEveryErrorNamesLineAndField(t *testing.T) {
	form := regexp.MustCompile(`^c\.yaml:[1-9][0-9]*: [a-z_]+(\[[0-9]+\])?(\.[a-z_]+(\[[0-9]+\])?)*: .+`)
	files := []string{
		"timeout: 30\nvendors: []\n",
		"vendors:\n  - id: a\n",
		"vendors:\n  - name: A\n    documents:\n      - url: https://a.example/\n",
		"alerts: {min_severity: loud}\nvendors:\n  - {id: a, name: A, documents: [{type: terms, url: x}]}\n",
		"database: \"\"\nschedule: \"* * *\"\nhost_delay: -1s\nvendors: {a: b}\n",
	}
	for _, f := range files {
		_, err := Parse([]byte(f), "c.yaml")
		if err == nil {
			t.Errorf("no error for:\n%s", f)
			continue
		}
		for _, l := range strings.Split(err.Error(), "\n") {
			if !form.MatchString(l) {
				t.Errorf("%q is not file:line: field: message", l)
			}
		}
	}
}

func TestShippedConfigsAreValid(t *testing.T) {
	for _, name := range []string{"vendors.yaml", "demo.yaml"} {
		path := filepath.Join("..", "configs", name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("no %s", path)
		}
		if _, err := Load(path); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
