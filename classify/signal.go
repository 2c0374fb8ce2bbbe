package classify

import (
	"fmt"
	"slices"
)

// signal is one finding about a change: how much it matters, what it is
// about, and the wording a person can check.
type signal struct {
	sev    Severity
	cats   []string
	reason string
}

func sig(sev Severity, cat string, format string, args ...any) signal {
	var cats []string
	if cat != "" {
		cats = []string{cat}
	}
	return signal{sev: sev, cats: cats, reason: fmt.Sprintf(format, args...)}
}

// categoryOrder is the order categories are listed in.
var categoryOrder = []string{Sharing, Retention, Collection, Tracking, Rights,
	Security, Transfer, Children, AI, Disputes, Liability, License, Account, Payment,
	PolicyChange, Contact, Other}

// ordered lists the categories of a set in the canonical order.
func ordered(set map[string]bool) []string {
	out := []string{}
	for _, c := range categoryOrder {
		if set[c] {
			out = append(out, c)
		}
	}
	return out
}

func lower(s Severity) Severity {
	if s > Low {
		return s - 1
	}
	return s
}

// verdict folds signals into one severity, category list and reason list,
// the strongest reasons first.
func verdict(signals []signal, extra []string) (Severity, []string, []string) {
	sev := None
	cats := map[string]bool{}
	for _, s := range signals {
		sev = max(sev, s.sev)
		for _, c := range s.cats {
			cats[c] = true
		}
	}
	if sev > None {
		for _, c := range extra {
			cats[c] = true
		}
	}
	if sev > None && len(cats) == 0 {
		cats[Other] = true
	}
	sorted := slices.Clone(signals)
	slices.SortStableFunc(sorted, func(a, b signal) int { return int(b.sev) - int(a.sev) })
	reasons := []string{}
	seen := map[string]bool{}
	for _, s := range sorted {
		if !seen[s.reason] {
			seen[s.reason] = true
			reasons = append(reasons, s.reason)
		}
	}
	return sev, ordered(cats), reasons
}
