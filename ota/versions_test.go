package ota

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gitRepo builds versions repositories for tests, commit by commit, with
// the git command (skipped where there is none).
type gitRepo struct {
	t   *testing.T
	dir string
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command here: the versions repository tests need one")
	}
	r := &gitRepo{t: t, dir: t.TempDir()}
	r.git(time.Time{}, "init", "-q", "-b", "main")
	return r
}

func (r *gitRepo) git(at time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=Bot", "-c", "user.email=bot@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if !at.IsZero() {
		d := at.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes path and commits it with subject at author date at; the
// committer date is now, as for Open Terms Archive's technical upgrades,
// whose author date is that of the snapshot they read again.
func (r *gitRepo) commit(path, content, subject string, at time.Time) string {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git(time.Time{}, "add", "--", path)
	r.git(at, "commit", "-q", "-m", subject+"\n\nThis version was recorded after extracting from snapshot https://example.org/snapshots/commit/abc123")
	return r.git(time.Time{}, "rev-parse", "HEAD")
}

func day(d int) time.Time { return time.Date(2024, 1, d, 0, 30, 0, 0, time.UTC) }

func TestRepositoryRecords(t *testing.T) {
	r := newGitRepo(t)
	const p = "Acme/Privacy Policy.md"
	first := r.commit(p, "# Privacy\n\nWe collect your name.\n", "First record of Acme Privacy Policy", day(1))
	r.commit("Acme/Terms of Service.md", "# Terms\n", "First record of Acme Terms of Service", day(2))
	second := r.commit(p, "# Privacy\n\nWe collect your name and e-mail.\n", "Record new changes of Acme Privacy Policy", day(5))
	// Re-extracted later from the snapshot of day 3: dated day 3.
	tech := r.commit(p, "# Privacy\n\nWe collect your **name** and e-mail.\n", "Apply technical or declaration upgrade on Acme Privacy Policy", day(3))
	r.commit(p, "# Privacy\n\nWe collect your name and e-mail.\n", "Remove mojibake", day(6))
	r.commit("README.md", "# versions\n", "Update README", day(7))

	h, err := OpenHistory(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	recs, err := h.Records(context.Background(), "Acme", "Privacy Policy")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rec := range recs {
		got = append(got, rec.At.Format("02")+" "+rec.Kind.String())
	}
	if strings.Join(got, ", ") != "01 change, 03 technical, 05 change, 06 other" {
		t.Fatalf("records = %s", strings.Join(got, ", "))
	}
	if recs[0].Ref != first || recs[1].Ref != tech || recs[2].Ref != second || recs[0].Path != p {
		t.Errorf("refs = %+v", recs)
	}
	for i, want := range []string{"We collect your name.", "**name**", "name and e-mail"} {
		body, err := h.Read(context.Background(), recs[i])
		if err != nil || !strings.Contains(string(body), want) {
			t.Errorf("Read(%s) = %q, %v", recs[i].Ref, body, err)
		}
	}
	if none, err := h.Records(context.Background(), "Acme", "Imprint"); err != nil || len(none) != 0 {
		t.Errorf("a document with no history: %v %v", none, err)
	}
	if _, err := h.Read(context.Background(), Record{Ref: first, Path: "Nope/Nothing.md"}); err == nil {
		t.Error("reading a missing file gave no error")
	}
	// The reader is usable after a failed read.
	if body, err := h.Read(context.Background(), recs[0]); err != nil || !strings.Contains(string(body), "name.") {
		t.Errorf("read after a failure: %q %v", body, err)
	}
}

func TestKindOf(t *testing.T) {
	for subject, want := range map[string]Kind{
		"First record of X Privacy Policy":                      KindChange,
		"Record new changes of X Privacy Policy":                KindChange,
		"Start tracking X Privacy Policy":                       KindChange,
		"Update X Privacy Policy":                               KindChange,
		"Apply technical or declaration upgrade on X Terms":     KindTechnical,
		"Refilter X Terms":                                      KindTechnical,
		"Remove mojibake":                                       KindOther,
		"Merge pull request #3 from OpenTermsArchive/fix-links": KindOther,
	} {
		if got := KindOf(subject); got != want {
			t.Errorf("KindOf(%q) = %s, want %s", subject, got, want)
		}
	}
}

func TestDataset(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "acme-dataset-2024")
	write(t, filepath.Join(root, "README.md"), "# dataset\n")
	write(t, filepath.Join(root, "Acme", "Privacy Policy", "2024-01-05T00-30-00Z.md"), "# v2\n")
	write(t, filepath.Join(root, "Acme", "Privacy Policy", "2024-01-01T00-30-00Z.md"), "# v1\n")
	write(t, filepath.Join(root, "Acme", "Privacy Policy", "2024-01-03T00-30-00Z.md"), "# v1 again\n")
	write(t, filepath.Join(root, IndexFile), "path,vendor,technical\nAcme/Privacy Policy/2024-01-03T00-30-00Z.md,acme,true\n")
	h, err := OpenHistory(context.Background(), dir) // the folder a release unpacks to
	if err != nil {
		t.Fatal(err)
	}
	recs, err := h.Records(context.Background(), "Acme", "Privacy Policy")
	if err != nil || len(recs) != 3 {
		t.Fatalf("records = %+v, %v", recs, err)
	}
	if !recs[0].At.Equal(day(1)) || recs[1].Kind != KindTechnical || recs[2].Kind != KindChange {
		t.Errorf("records = %+v", recs)
	}
	if body, err := h.Read(context.Background(), recs[2]); err != nil || string(body) != "# v2\n" {
		t.Errorf("Read = %q %v", body, err)
	}
	write(t, filepath.Join(root, "Acme", "Privacy Policy", "notes.md"), "x")
	write(t, filepath.Join(root, "Acme", "Privacy Policy", "yesterday-around-noon.md"), "x")
	if _, err := h.Records(context.Background(), "Acme", "Privacy Policy"); err == nil || !strings.Contains(err.Error(), "yesterday-around-noon.md") {
		t.Errorf("a file not named by its time: %v", err)
	}
}
