package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"
	"sync"

	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/store"
)

// A document made of several pages (pages: in the configuration) is
// fetched page by page; once every page is in, their texts are joined in
// order into one text, compared and stored as any document's. Its raw
// snapshot keeps every page as fetched, each a part of one multipart/mixed
// body that names the page's URL and content type, so that re-extraction
// reads each page again with its own selectors.

// pageKeySep separates a document's key from a page's number in the keys
// of page requests; no vendor id or document type contains it.
const pageKeySep = "#page"

func pageKey(t Target, i int) string { return t.Key() + pageKeySep + strconv.Itoa(i+1) }

// pageRequests are the requests fetching a combined document's pages.
// Pages are fetched whole every time: a conditional request per page would
// need the stored page back when one answers 304.
func (a *App) pageRequests(t Target, held *leases) []crawler.Request {
	validate := func(ctx context.Context) (string, string) {
		if err := held.acquire(ctx, t); err != nil {
			a.log.Warn("crawl: no lease", "document", t.Key(), "err", err)
		}
		return "", ""
	}
	reqs := make([]crawler.Request, len(t.Pages))
	for i, p := range t.Pages {
		reqs[i] = crawler.Request{Key: pageKey(t, i), URL: p.URL, Validate: validate,
			AllowPrivateRedirects: a.cfg.PrivateRedirects(t.Doc), Budget: a.cfg.DocumentTimeout}
	}
	return reqs
}

// pageCollector gathers the results of combined documents' pages until a
// document has them all.
type pageCollector struct {
	mu   sync.Mutex
	got  map[int][]crawler.Result // by target index
	seen map[int]int
}

func newPageCollector() *pageCollector {
	return &pageCollector{got: map[int][]crawler.Result{}, seen: map[int]int{}}
}

// add records the result of page (0-based) of target i, which has n pages,
// and returns all the pages' results once the last has arrived.
func (c *pageCollector) add(i, page, n int, r crawler.Result) ([]crawler.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.got[i] == nil {
		c.got[i] = make([]crawler.Result, n)
	}
	c.got[i][page] = r
	c.seen[i]++
	if c.seen[i] < n {
		return nil, false
	}
	rs := c.got[i]
	delete(c.got, i)
	delete(c.seen, i)
	return rs, true
}

// pageOfKey reads the page number back from a page request's key.
func pageOfKey(key string) (int, bool) {
	i := strings.LastIndex(key, pageKeySep)
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(key[i+len(pageKeySep):])
	if err != nil || n < 1 {
		return 0, false
	}
	return n - 1, true
}

// ProcessPages turns the fetched pages of a combined document, in order,
// into one stored outcome, as Process does for a document of one page. A
// page that failed fails the document: a text missing one of its pages is
// not the document.
func (a *App) ProcessPages(ctx context.Context, t Target, rs []crawler.Result) Outcome {
	first := rs[0]
	f := store.Fetch{
		DocumentID: t.Stored.ID, StartedAt: first.StartedAt.UTC(), URL: t.Doc.URL, FinalURL: first.FinalURL,
		Status: first.Status, Crawler: a.owner,
	}
	end := first.StartedAt.Add(first.Duration)
	for _, r := range rs[1:] {
		if r.StartedAt.Before(f.StartedAt) {
			f.StartedAt = r.StartedAt.UTC()
		}
		if e := r.StartedAt.Add(r.Duration); e.After(end) {
			end = e
		}
	}
	f.Duration = end.Sub(f.StartedAt)
	out := Outcome{Target: t}
	fail := func(err error) Outcome {
		f.Outcome, f.Error = string(StatusError), err.Error()
		out.Status, out.Err = StatusError, err
		if _, rerr := a.store.RecordFetch(ctx, f); rerr != nil {
			out.Err = fmt.Errorf("%w (and the fetch could not be recorded: %w)", err, rerr)
		}
		return out
	}
	pages := make([]rawPage, len(rs))
	for i, r := range rs {
		if r.Err != nil {
			return fail(fmt.Errorf("page %d of %d: %w", i+1, len(rs), r.Err))
		}
		pages[i] = rawPage{URL: r.FinalURL, ContentType: r.ContentType, Body: r.Body}
	}
	dctx, cancel := a.documentContext(ctx, f.StartedAt)
	defer cancel()
	d, err := a.readPages(dctx, t, pages)
	if err != nil {
		return fail(err)
	}
	snap, err := packPages(pages)
	if err != nil {
		return fail(err)
	}
	text := d.Text()
	obs := observation{
		text: text, hash: doc.HashText(text), snapshot: snap,
		at: f.StartedAt, url: t.Doc.URL,
	}
	return a.ingest(ctx, dctx, t, f, obs)
}

// rawPage is one page of a combined document as fetched.
type rawPage struct {
	URL, ContentType string
	Body             []byte
}

// readPages extracts each page with its own options and joins their
// blocks in order.
func (a *App) readPages(ctx context.Context, t Target, pages []rawPage) (*doc.Document, error) {
	if len(pages) != len(t.Pages) {
		return nil, fmt.Errorf("%d pages stored, %d configured: the document's pages changed since; crawl it again", len(pages), len(t.Pages))
	}
	joined := &doc.Document{Main: "pages"}
	for i, p := range pages {
		d, err := readPage(ctx, p.Body, p.ContentType, p.URL, t.Pages[i].Extract)
		if err != nil {
			return nil, fmt.Errorf("page %d of %d: %w", i+1, len(pages), err)
		}
		if joined.Title == "" {
			joined.Title = d.Title
		}
		joined.Blocks = append(joined.Blocks, d.Blocks...)
	}
	return joined, nil
}

// pagesType is the content type of a combined document's snapshot.
const pagesType = "multipart/mixed"

// packPages makes one snapshot of a combined document's pages: a
// multipart/mixed body, one part per page in order, each with the page's
// Content-Type and its URL as Content-Location. The boundary is derived
// from the pages, so that the same pages make the same bytes (stored once).
func packPages(pages []rawPage) (store.Snapshot, error) {
	h := sha256.New()
	for _, p := range pages {
		h.Write(p.Body)
	}
	boundary := "tracker-pages-" + hex.EncodeToString(h.Sum(nil))[:32]
	for n := 0; boundaryUsed(pages, boundary); n++ {
		boundary = fmt.Sprintf("%s-%d", boundary[:46], n)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		return store.Snapshot{}, fmt.Errorf("pack pages: %w", err)
	}
	for _, p := range pages {
		hdr := textproto.MIMEHeader{}
		hdr.Set("Content-Type", p.ContentType)
		hdr.Set("Content-Location", p.URL)
		part, err := w.CreatePart(hdr)
		if err != nil {
			return store.Snapshot{}, fmt.Errorf("pack pages: %w", err)
		}
		if _, err := part.Write(p.Body); err != nil {
			return store.Snapshot{}, fmt.Errorf("pack pages: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return store.Snapshot{}, fmt.Errorf("pack pages: %w", err)
	}
	ct := mime.FormatMediaType(pagesType, map[string]string{"boundary": boundary})
	return store.Snapshot{ContentType: ct, Body: buf.Bytes()}, nil
}

func boundaryUsed(pages []rawPage, boundary string) bool {
	for _, p := range pages {
		if bytes.Contains(p.Body, []byte(boundary)) {
			return true
		}
	}
	return false
}

// isPages tells a combined document's snapshot.
func isPages(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == pagesType
}

// unpackPages reads a combined document's snapshot back into its pages.
func unpackPages(snap store.Snapshot) ([]rawPage, error) {
	_, params, err := mime.ParseMediaType(snap.ContentType)
	if err != nil || params["boundary"] == "" {
		return nil, fmt.Errorf("snapshot %d: %q is not a multipart type with a boundary", snap.ID, snap.ContentType)
	}
	r := multipart.NewReader(bytes.NewReader(snap.Body), params["boundary"])
	var pages []rawPage
	for {
		part, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot %d: page %d: %w", snap.ID, len(pages)+1, err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("snapshot %d: page %d: %w", snap.ID, len(pages)+1, err)
		}
		pages = append(pages, rawPage{URL: part.Header.Get("Content-Location"), ContentType: part.Header.Get("Content-Type"), Body: body})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("snapshot %d holds no page", snap.ID)
	}
	return pages, nil
}

// readSnapshot extracts a stored snapshot again: a combined document's
// pages each with its options, any other page with the document's.
func (a *App) readSnapshot(ctx context.Context, t Target, snap store.Snapshot, url string) (*doc.Document, error) {
	if isPages(snap.ContentType) {
		pages, err := unpackPages(snap)
		if err != nil {
			return nil, err
		}
		return a.readPages(ctx, t, pages)
	}
	if len(t.Pages) > 0 {
		return nil, errors.New("the stored page is a single page, and the document is now made of several: crawl it again")
	}
	return readPage(ctx, snap.Body, snap.ContentType, url, t.Extract)
}
