package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/pipeline"
)

// root is the repository, two folders up from this package.
var root = filepath.Join("..", "..")

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// acceptsFlags runs the command line with --help appended: the flag
// package parses every flag before it, so an unknown flag or a bad value
// fails, and nothing runs.
func acceptsFlags(t *testing.T, what string, args []string) {
	t.Helper()
	code, _, errOut := tracker(t, append(args, "--help")...)
	if code != 0 {
		t.Errorf("%s: tracker %s: exit %d\n%s", what, strings.Join(args, " "), code, errOut)
	}
}

// TestSystemdUnit: the unit's daemon command line is one the daemon
// accepts, and systemd waits longer than the daemon's longest stop.
func TestSystemdUnit(t *testing.T) {
	unit := readRepoFile(t, "deploy/tracker.service")
	exec := regexp.MustCompile(`(?m)^ExecStart=\S*tracker (.*)$`).FindStringSubmatch(unit)
	if exec == nil {
		t.Fatal("no ExecStart running tracker")
	}
	args := strings.Fields(exec[1])
	acceptsFlags(t, "ExecStart", args)
	shutdown := 30 * time.Second // the daemon's default
	for i, a := range args {
		if a == "--shutdown-timeout" && i+1 < len(args) {
			d, err := time.ParseDuration(args[i+1])
			if err != nil {
				t.Fatal(err)
			}
			shutdown = d
		}
	}
	m := regexp.MustCompile(`(?m)^TimeoutStopSec=(\d+)$`).FindStringSubmatch(unit)
	if m == nil {
		t.Fatal("no TimeoutStopSec in seconds")
	}
	secs, _ := strconv.Atoi(m[1])
	stop, need := time.Duration(secs)*time.Second, pipeline.MaxStopTime(shutdown)+15*time.Second
	if stop < need {
		t.Errorf("TimeoutStopSec=%s: the daemon may take %s to stop; give it at least %s", stop, pipeline.MaxStopTime(shutdown), need)
	}
	if strings.Contains(unit, "github.com/tracker/") {
		t.Error("the unit points at github.com/tracker/, which is not the project")
	}
}

// TestDockerfile checks what can be checked without a docker engine: the
// entrypoint and health check are command lines tracker accepts, the
// stop timeout it asks for covers the daemon's longest stop, the Go image
// is not older than go.mod asks, and what it copies exists.
func TestDockerfile(t *testing.T) {
	df := readRepoFile(t, "deploy/Dockerfile")
	var entry, health []string
	sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(df, "\\\n", " ")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "ENTRYPOINT "); ok {
			if err := json.Unmarshal([]byte(rest), &entry); err != nil {
				t.Fatalf("ENTRYPOINT is not an exec-form array: %v", err)
			}
		}
		if rest, ok := strings.CutPrefix(line, "HEALTHCHECK "); ok {
			_, cmd, found := strings.Cut(rest, "CMD ")
			if !found || json.Unmarshal([]byte(strings.TrimSpace(cmd)), &health) != nil {
				t.Fatalf("HEALTHCHECK has no exec-form CMD: %s", rest)
			}
		}
		if rest, ok := strings.CutPrefix(line, "COPY "); ok && !strings.HasPrefix(rest, "--from") {
			f := strings.Fields(rest)
			for _, src := range f[:len(f)-1] {
				if _, err := os.Stat(filepath.Join(root, src)); err != nil {
					t.Errorf("COPY %s: %v", src, err)
				}
			}
		}
	}
	if len(entry) < 2 || entry[0] != "tracker" || entry[1] != "daemon" {
		t.Fatalf("ENTRYPOINT %q does not run tracker daemon", entry)
	}
	acceptsFlags(t, "ENTRYPOINT", entry[1:])
	if len(health) < 2 || health[0] != "tracker" || health[1] != "healthcheck" {
		t.Fatalf("HEALTHCHECK %q does not run tracker healthcheck", health)
	}
	acceptsFlags(t, "HEALTHCHECK", health[1:])

	m := regexp.MustCompile(`--stop-timeout (\d+)`).FindStringSubmatch(df)
	if m == nil {
		t.Fatal("the Dockerfile does not say which --stop-timeout to run it with")
	}
	secs, _ := strconv.Atoi(m[1])
	if need := pipeline.MaxStopTime(30*time.Second) + 15*time.Second; time.Duration(secs)*time.Second < need {
		t.Errorf("--stop-timeout %d: the daemon may take %s to stop", secs, pipeline.MaxStopTime(30*time.Second))
	}

	goMod := regexp.MustCompile(`(?m)^go (\d+)\.(\d+)`).FindStringSubmatch(readRepoFile(t, "go.mod"))
	image := regexp.MustCompile(`FROM golang:(\d+)\.(\d+)`).FindStringSubmatch(df)
	if goMod == nil || image == nil {
		t.Fatalf("go.mod %q, image %q", goMod, image)
	}
	if atoi(image[1])*100+atoi(image[2]) < atoi(goMod[1])*100+atoi(goMod[2]) {
		t.Errorf("golang:%s.%s is older than go.mod's go %s.%s", image[1], image[2], goMod[1], goMod[2])
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestDockerignore: the build context leaves out local databases,
// binaries and history, and keeps what the build needs.
func TestDockerignore(t *testing.T) {
	var patterns []string
	for _, l := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, strings.TrimPrefix(l, "/"))
		}
	}
	excluded := func(path string) bool {
		parts := strings.Split(path, "/")
		for _, p := range patterns {
			for i := 1; i <= len(parts); i++ { // the path or a folder above it
				prefix := strings.Join(parts[:i], "/")
				if ok, _ := filepath.Match(p, prefix); ok {
					return true
				}
				if rest, any := strings.CutPrefix(p, "**/"); any {
					if ok, _ := filepath.Match(rest, parts[i-1]); ok {
						return true
					}
				}
			}
		}
		return false
	}
	for _, p := range []string{"tracker.db", "configs/demo.db", "configs/demo.db-wal", "configs/demo.db-shm", "tracker", ".git/HEAD", "cmd/tracker/tracker.test"} {
		if !excluded(p) {
			t.Errorf("%s goes into the image", p)
		}
	}
	for _, p := range []string{"go.mod", "go.sum", "cmd/tracker/main.go", "store/migrations/0001_init.sql", "web/templates/home.html", "configs/demo.yaml", "deploy/Dockerfile"} {
		if excluded(p) {
			t.Errorf("%s is left out of the build", p)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		if status == http.StatusOK {
			w.Write([]byte("ok\n"))
		} else {
			w.Write([]byte("database not writable: disk full\n"))
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if code, out, errOut := tracker(t, "healthcheck", "--addr", addr); code != 0 || out != "healthy: ok\n" {
		t.Errorf("healthy: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := tracker(t, "healthcheck", "--addr", srv.URL); code != 0 {
		t.Errorf("as a URL: exit %d\n%s%s", code, out, errOut)
	}
	status = http.StatusServiceUnavailable
	if code, _, errOut := tracker(t, "healthcheck", "--addr", addr); code != 1 || !strings.Contains(errOut, "503 Service Unavailable: database not writable") {
		t.Errorf("unhealthy: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := tracker(t, "healthcheck", "--addr", freeAddr(t)); code != 1 || !strings.Contains(errOut, "is the daemon running") {
		t.Errorf("nothing listening: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := tracker(t, "healthcheck", "--addr", "nowhere"); code != 2 {
		t.Errorf("bad address: exit %d\n%s", code, errOut)
	}
	if got, _ := healthURL("0.0.0.0:9090"); got != "http://127.0.0.1:9090/healthz" {
		t.Errorf("healthURL(0.0.0.0:9090) = %s", got)
	}
}
