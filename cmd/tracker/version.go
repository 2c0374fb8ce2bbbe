package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

// Set at build time, for example
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/tracker
//
// They are the program's only package variables: -ldflags -X can set
// nothing else. Left empty, the module version and the VCS stamp that Go
// records in the binary are used instead.
var (
	version string
	commit  string
)

// buildInfo is what `tracker version` prints.
type buildInfo struct {
	Version       string `json:"version"`
	Commit        string `json:"commit"`
	CommitTime    string `json:"commit_time,omitempty"`
	Modified      bool   `json:"modified,omitempty"` // built from a checkout with uncommitted changes
	GoVersion     string `json:"go_version"`
	Platform      string `json:"platform"`
	SchemaVersion int    `json:"schema_version"` // the database schema this binary writes
}

// currentBuild reads the linker's values, else the build information Go
// embeds: a module version for `go install …@v1.2.0`, the VCS revision for
// `go build` in a git checkout. `go run` and test binaries have neither.
func currentBuild() buildInfo {
	b := buildInfo{
		Version: version, Commit: commit, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, SchemaVersion: store.SchemaVersion(),
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				b.CommitTime = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

func runVersion(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "version")
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments (got %q)", pos)
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	b := currentBuild()
	if *format == "json" {
		return render.JSON(env.Stdout, b)
	}
	c := b.Commit
	var extra []string
	if b.CommitTime != "" {
		extra = append(extra, b.CommitTime)
	}
	if b.Modified {
		extra = append(extra, "with uncommitted changes")
	}
	if len(extra) > 0 {
		c += " (" + strings.Join(extra, ", ") + ")"
	}
	fmt.Fprintf(env.Stdout, "tracker %s\ncommit  %s\ngo      %s %s\nschema  %d\n", b.Version, c, b.GoVersion, b.Platform, b.SchemaVersion)
	return nil
}
