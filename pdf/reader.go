package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/tracker-dev/tracker/doc"
)

// Defaults of ReaderOptions.
const (
	DefaultTimeout   = 60 * time.Second
	DefaultMaxPages  = 1000
	DefaultMaxMemory = 256 << 20
)

// ReaderOptions tune a Reader; zero values take the defaults.
type ReaderOptions struct {
	// CacheDir keeps PDFium's compiled machine code between runs: compiling
	// its WebAssembly takes seconds, loading it from the cache a fraction
	// of one. Empty: the user's cache folder (~/.cache/tracker/pdfium);
	// "off": no cache.
	CacheDir string
	Timeout  time.Duration // per document; a PDF that takes longer is refused
	MaxPages int           // a PDF with more pages is refused
	// MaxMemory caps PDFium's memory: a file of a megabyte can hold
	// streams that inflate to gigabytes (3 GiB resident before the cap).
	// A PDF that needs more is refused. Rounded up to 64 KiB pages.
	MaxMemory int64
}

// Result is a PDF's text.
type Result struct {
	Title  string // from the document's metadata, when it has one
	Pages  int
	Blocks []doc.Block // raw texts, not yet normalised
}

// Reader reads PDFs with PDFium compiled to WebAssembly and run by wazero:
// no cgo and no system library, the same on every machine. The engine is
// started on the first PDF, so runs without PDFs never pay for it. It is
// safe for concurrent use; documents are read one at a time.
type Reader struct {
	opts ReaderOptions

	mu   sync.Mutex
	pool pdfium.Pool
	inst pdfium.Pdfium
}

// NewReader returns a Reader; nothing starts until the first Read.
func NewReader(opts ReaderOptions) *Reader {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	if opts.MaxMemory <= 0 {
		opts.MaxMemory = DefaultMaxMemory
	}
	return &Reader{opts: opts}
}

// Close stops the engine.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	if r.inst != nil {
		err = r.inst.Close()
		r.inst = nil
	}
	if r.pool != nil {
		err = errors.Join(err, r.pool.Close())
		r.pool = nil
	}
	if err != nil {
		return fmt.Errorf("pdf: close: %w", err)
	}
	return nil
}

// Read extracts the text of a PDF: blocks in reading order, without
// running headers and footers. A PDF without a text layer fails with
// ErrNoText, one that needs a password with ErrEncrypted.
func (r *Reader) Read(body []byte) (Result, error) {
	pages, title, err := r.Pages(body)
	if err != nil {
		return Result{}, err
	}
	res := Result{Title: title, Pages: len(pages), Blocks: Layout(pages)}
	if len(res.Blocks) == 0 {
		return Result{}, fmt.Errorf("pdf: %d pages and no text: %w (a scanned document? tracker does not read page images; ask the vendor for a text PDF or an HTML version)", len(pages), ErrNoText)
	}
	return res, nil
}

// Pages returns the text runs of every page and the metadata title.
func (r *Reader) Pages(body []byte) ([]Page, string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	inst, err := r.instance()
	if err != nil {
		return nil, "", err
	}
	type answer struct {
		pages []Page
		title string
		err   error
	}
	done := make(chan answer, 1)
	go func() {
		pages, title, err := r.read(inst, body)
		done <- answer{pages, title, err}
	}()
	timer := time.NewTimer(r.opts.Timeout)
	defer timer.Stop()
	select {
	case a := <-done:
		if a.err != nil && strings.Contains(a.err.Error(), "wasm error") {
			// PDFium aborted (out of its memory, or a bug the file hit):
			// the instance is not trusted for the next document.
			_ = inst.Kill()
			r.inst = nil
			return nil, "", fmt.Errorf("pdf: PDFium stopped on this file: it needs more than %s of memory or is malformed (%s)",
				sizeString(r.opts.MaxMemory), firstLine(a.err.Error()))
		}
		return a.pages, a.title, a.err
	case <-timer.C:
		// The engine is stopped where it stands and a new one started for
		// the next document.
		_ = inst.Kill()
		r.inst = nil
		return nil, "", fmt.Errorf("pdf: reading took longer than %s; the file may be malformed", r.opts.Timeout)
	}
}

func (r *Reader) read(inst pdfium.Pdfium, body []byte) ([]Page, string, error) {
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &body})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return nil, "", fmt.Errorf("pdf: %w: tracker cannot read it", ErrEncrypted)
	case err != nil:
		return nil, "", fmt.Errorf("pdf: the file is damaged or not a PDF (PDFium: %w)", err)
	}
	d := opened.Document
	defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d}) }()

	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d})
	if err != nil {
		return nil, "", fmt.Errorf("pdf: page count: %w", err)
	}
	if count.PageCount > r.opts.MaxPages {
		return nil, "", fmt.Errorf("pdf: %d pages, more than the %d read", count.PageCount, r.opts.MaxPages)
	}
	title := ""
	if meta, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: d, Tag: "Title"}); err == nil {
		title = strings.TrimSpace(meta.Value)
	}
	pages := make([]Page, 0, count.PageCount)
	for i := range count.PageCount {
		ref := requests.Page{ByIndex: &requests.PageByIndex{Document: d, Index: i}}
		size, err := inst.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: d, Index: i})
		if err != nil {
			return nil, "", fmt.Errorf("pdf: page %d: size: %w", i+1, err)
		}
		text, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: ref, Mode: requests.GetPageTextStructuredModeRects, CollectFontInformation: true,
		})
		if err != nil {
			return nil, "", fmt.Errorf("pdf: page %d: text: %w", i+1, err)
		}
		p := Page{Width: size.Width, Height: size.Height}
		for _, rect := range text.Rects {
			pos := rect.PointPosition
			run := Run{
				Text: rect.Text,
				// PDF measures from the bottom; the layout reads from the top.
				X0: pos.Left, X1: pos.Right, Y0: size.Height - pos.Top, Y1: size.Height - pos.Bottom,
			}
			if f := rect.FontInformation; f != nil {
				run.Size = f.Size
				if f.RenderedSize > 0 {
					run.Size = f.RenderedSize
				}
				run.Bold = isBold(f.Name, f.Weight, f.Flags)
			}
			if run.Size <= 0 {
				run.Size = run.Y1 - run.Y0
			}
			p.Runs = append(p.Runs, run)
		}
		pages = append(pages, p)
	}
	return pages, title, nil
}

// isBold reads boldness from what PDFium knows of the font: its weight
// when reported, the ForceBold flag, or the font's name (Arial-BoldMT,
// Calibri-Bold, Helvetica-Bold, …-Semibold, …-Black).
func isBold(name string, weight, flags int) bool {
	const forceBold = 1 << 18
	if weight >= 600 || flags&forceBold != 0 {
		return true
	}
	n := strings.ToLower(name)
	if i := strings.LastIndexAny(n, "-,+"); i >= 0 {
		n = n[i+1:]
	}
	for _, w := range []string{"bold", "black", "heavy", "semibold", "demi"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// instance starts the engine on first use; r.mu is held.
func (r *Reader) instance() (pdfium.Pdfium, error) {
	if r.inst != nil {
		return r.inst, nil
	}
	if r.pool == nil {
		cfg := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true). // so that a stuck document can be stopped
			WithMemoryLimitPages(uint32((r.opts.MaxMemory + wasmPage - 1) / wasmPage))
		if dir := r.cacheDir(); dir != "" {
			if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				cfg = cfg.WithCompilationCache(cache)
			}
		}
		pool, err := webassembly.Init(webassembly.Config{
			Context: withReservedMemory(context.Background()),
			MinIdle: 0, MaxIdle: 1, MaxTotal: 1,
			RuntimeConfig: cfg,
			FSConfig:      wazero.NewFSConfig(), // no file system: documents come as bytes
			Stdout:        io.Discard, Stderr: io.Discard,
		})
		if err != nil {
			return nil, fmt.Errorf("pdf: start PDFium: %w", err)
		}
		r.pool = pool
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout)
	defer cancel()
	inst, err := r.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("pdf: start PDFium: %w", err)
	}
	r.inst = inst
	return inst, nil
}

func sizeString(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

// firstLine drops the WebAssembly stack trace wazero appends.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// wasmPage is WebAssembly's unit of memory.
const wasmPage = 64 << 10

func (r *Reader) cacheDir() string {
	switch r.opts.CacheDir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "tracker", "pdfium")
	}
	return r.opts.CacheDir
}

// ReadPDF is Read for extract.Options.PDF.
func (r *Reader) ReadPDF(body []byte) (string, []doc.Block, error) {
	res, err := r.Read(body)
	return res.Title, res.Blocks, err
}
