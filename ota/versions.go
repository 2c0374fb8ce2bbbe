package ota

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is what a record of a versions history is.
type Kind int

const (
	// KindChange is a text Open Terms Archive recorded from the page: the
	// first record, or new changes.
	KindChange Kind = iota
	// KindTechnical is a text extracted again from a page already recorded
	// (new selectors, a new engine): not a change of the document.
	KindTechnical
	// KindOther is any other commit touching the file (a hand fix, a
	// rename): not a record.
	KindOther
)

func (k Kind) String() string {
	switch k {
	case KindTechnical:
		return "technical"
	case KindOther:
		return "other"
	}
	return "change"
}

// The commit subjects of Open Terms Archive's recorder, with the older ones
// its engine still reads (src/archivist/recorder/repositories/git/dataMapper.js).
var (
	changePrefixes    = []string{"First record of", "Record new changes of", "Start tracking", "Update"}
	technicalPrefixes = []string{"Apply technical or declaration upgrade on", "Refilter"}
)

// KindOf reads a record's kind from its commit subject.
func KindOf(subject string) Kind {
	for _, p := range technicalPrefixes {
		if strings.HasPrefix(subject, p) {
			return KindTechnical
		}
	}
	for _, p := range changePrefixes {
		if strings.HasPrefix(subject, p) {
			return KindChange
		}
	}
	return KindOther
}

// Record is one recorded text of a document: a commit of a versions
// repository, or a file of a dataset.
type Record struct {
	Ref     string    // the commit id, or the dataset file's path
	At      time.Time // when Open Terms Archive fetched the page it was read from
	Kind    Kind
	Subject string // the commit's subject; empty in a dataset
	Path    string // the file, relative to the repository or dataset
}

// History is where recorded texts are read from: a versions repository or
// a dataset in Open Terms Archive's layout.
type History interface {
	// Records lists the records of a service's terms type, oldest first,
	// technical ones and other commits included (their Kind tells).
	Records(ctx context.Context, serviceID, termsType string) ([]Record, error)
	// Read returns a record's text, as Open Terms Archive wrote it.
	Read(ctx context.Context, r Record) ([]byte, error)
	// Describe names the history for messages and provenance.
	Describe() string
	Close() error
}

// Locator is a history that knows where tracker's documents are in it: a
// dataset tracker exported, whose index names them.
type Locator interface {
	Locate(vendorID, docType string) (serviceID, termsType string, ok bool)
}

// OpenHistory opens a versions repository (a clone, or a bare repository)
// or a dataset folder.
func OpenHistory(ctx context.Context, dir string) (History, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("ota: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("ota: %s is not a folder: give a versions repository (a git clone) or an unpacked dataset", dir)
	}
	if isGit(ctx, dir) {
		return openRepo(ctx, dir)
	}
	return openDataset(dir)
}

// repo reads a versions repository with the git command: every clone of
// one was made with git, and its log and object reader are faster than a
// reimplementation on a history of tens of thousands of commits.
type repo struct {
	dir string

	mu     sync.Mutex
	cat    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	cancel context.CancelFunc
}

func isGit(ctx context.Context, dir string) bool {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--git-dir")
	out, err := cmd.Output()
	if err != nil {
		return false
	}
	// A folder inside another repository (a dataset unpacked in a clone)
	// is not itself a versions repository.
	top := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-bare-repository", "--show-toplevel")
	t, err := top.Output()
	if err != nil {
		return len(bytes.TrimSpace(out)) > 0
	}
	lines := strings.Split(strings.TrimSpace(string(t)), "\n")
	if len(lines) > 0 && lines[0] == "true" {
		return true
	}
	if len(lines) < 2 {
		return false
	}
	return samePath(lines[1], dir)
}

func samePath(a, b string) bool {
	resolve := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return filepath.Clean(p)
	}
	return resolve(a) == resolve(b)
}

func openRepo(ctx context.Context, dir string) (*repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("ota: reading a versions repository needs the git command: %w", err)
	}
	return &repo{dir: dir}, nil
}

func (r *repo) Describe() string { return "versions repository " + r.dir }

// Records lists the commits that changed SERVICE/TYPE.md, by author date
// (the date Open Terms Archive fetched the page; a technical upgrade is
// dated by the snapshot it re-read, which may be earlier than commits
// before it), ties in commit order.
func (r *repo) Records(ctx context.Context, serviceID, termsType string) ([]Record, error) {
	path := serviceID + "/" + termsType + ".md"
	cmd := exec.CommandContext(ctx, "git", "-C", r.dir, "log", "--no-merges", "--format=%H%x1f%aI%x1f%s", "--", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("ota: git log %s in %s: %w: %s", path, r.dir, err, strings.TrimSpace(stderr.String()))
	}
	var recs []Record
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		f := strings.SplitN(line, "\x1f", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("ota: git log %s: unexpected line %q", path, line)
		}
		at, err := time.Parse(time.RFC3339, f[1])
		if err != nil {
			return nil, fmt.Errorf("ota: git log %s: commit %s: date %q: %w", path, f[0], f[1], err)
		}
		recs = append(recs, Record{Ref: f[0], At: at.UTC(), Kind: KindOf(f[2]), Subject: f[2], Path: path})
	}
	// git lists newest first: reverse to commit order, then order by date.
	for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
		recs[i], recs[j] = recs[j], recs[i]
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].At.Before(recs[j].At) })
	return recs, nil
}

// Read returns the file as the commit left it, through one long-lived
// `git cat-file --batch`.
func (r *repo) Read(ctx context.Context, rec Record) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cat == nil {
		if err := r.startCat(); err != nil {
			return nil, err
		}
	}
	if _, err := fmt.Fprintf(r.in, "%s:%s\n", rec.Ref, rec.Path); err != nil {
		r.stopCat()
		return nil, fmt.Errorf("ota: read %s at %s: %w", rec.Path, rec.Ref, err)
	}
	header, err := r.out.ReadString('\n')
	if err != nil {
		r.stopCat()
		return nil, fmt.Errorf("ota: read %s at %s: %w", rec.Path, rec.Ref, err)
	}
	f := strings.Fields(header)
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("ota: read %s at %s: %s", rec.Path, rec.Ref, strings.TrimSpace(header))
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("ota: read %s at %s: header %q", rec.Path, rec.Ref, header)
	}
	body := make([]byte, size+1) // and the newline after it
	if _, err := io.ReadFull(r.out, body); err != nil {
		r.stopCat()
		return nil, fmt.Errorf("ota: read %s at %s: %w", rec.Path, rec.Ref, err)
	}
	return body[:size], nil
}

func (r *repo) startCat() error {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "git", "-C", r.dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		return fmt.Errorf("ota: git cat-file: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return fmt.Errorf("ota: git cat-file: %w", err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return fmt.Errorf("ota: git cat-file: %w", err)
	}
	r.cat, r.in, r.out, r.cancel = cmd, in, bufio.NewReaderSize(out, 64<<10), cancel
	return nil
}

func (r *repo) stopCat() {
	if r.cat == nil {
		return
	}
	r.in.Close()
	r.cancel()
	_ = r.cat.Wait() // killed on purpose: its exit status says nothing
	r.cat = nil
}

func (r *repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopCat()
	return nil
}
