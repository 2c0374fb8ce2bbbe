package pipeline

import (
	"context"
	"fmt"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/store"
)

// ReadSummaries is what `tracker vendors` prints: the summary of each
// configured document of the given vendors (all when none), in
// configuration order, LastChange left nil. It opens the database for
// reading, reads the documents' rows once and closes it again. Opening an
// App would bind every configured document to its row first (with 10 000
// documents, a read of the whole table and ten thousand Targets built with
// their extraction options) only for the summaries to read the same rows
// again; here each row read binds its document, by vendor and type. The
// Targets carry no extraction options: nothing is fetched with them.
func ReadSummaries(ctx context.Context, cfg *config.Config, opt Options, vendorIDs []string) ([]DocumentStatus, error) {
	if err := CheckSelection(cfg, vendorIDs, ""); err != nil {
		return nil, err
	}
	if opt.Logger != nil {
		for _, w := range cfg.Warnings {
			opt.Logger.Warn("config: " + w)
		}
	}
	want := make(map[string]bool, len(vendorIDs))
	for _, id := range vendorIDs {
		want[id] = true
	}
	n := 0
	for _, v := range cfg.Vendors {
		if len(want) == 0 || want[v.ID] {
			n += len(v.Documents)
		}
	}
	st, err := store.OpenReadOnly(ctx, cfg.DatabasePath())
	if err != nil {
		return nil, err
	}
	defer st.Close()
	// A few vendors are asked for by id; a list of all reads the table.
	var only []string
	if len(vendorIDs) <= 500 {
		only = vendorIDs
	}
	sums, err := st.VendorSummaries(ctx, n, only...)
	if err != nil {
		return nil, fmt.Errorf("pipeline: status: %w", err)
	}
	type key struct{ vendor, typ string }
	byKey := make(map[key]*store.DocumentSummary, len(sums))
	for i := range sums {
		byKey[key{sums[i].VendorID, sums[i].Type}] = &sums[i]
	}
	out := make([]DocumentStatus, 0, n)
	for _, v := range cfg.Vendors {
		if len(want) > 0 && !want[v.ID] {
			continue
		}
		for _, d := range v.Documents {
			t := Target{Vendor: v, Doc: d, Render: cfg.RenderMode(v, d)}
			s, ok := byKey[key{v.ID, d.Type}]
			if !ok { // configured, never recorded: no history
				out = append(out, DocumentStatus{Target: t})
				continue
			}
			t.Stored = s.Document
			out = append(out, DocumentStatus{Target: t, LastFetch: s.LastFetch, Versions: s.Versions, Latest: s.Latest, PreviousID: s.PreviousID})
		}
	}
	return out, nil
}
