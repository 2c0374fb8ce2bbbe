// Package classify rates each clause change (severity, categories, reasons)
// and builds the report users and alerts read.
package classify

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tracker-dev/tracker/diff"
)

// Severity orders how much a change matters to someone watching a vendor.
type Severity int

const (
	None Severity = iota
	Low
	Medium
	High
)

var severityNames = [...]string{"none", "low", "medium", "high"}

func (s Severity) String() string {
	if s < None || s > High {
		return "none"
	}
	return severityNames[s]
}

// ParseSeverity reads none, low, medium or high.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Severity(i), nil
		}
	}
	return None, fmt.Errorf("unknown severity %q (want none, low, medium or high)", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return fmt.Errorf("severity: %w", err)
	}
	v, err := ParseSeverity(str)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Categories, as named in the JSON contract.
const (
	Sharing      = "sharing"
	Retention    = "retention"
	Collection   = "collection"
	Tracking     = "tracking"
	Rights       = "rights"
	Security     = "security"
	Transfer     = "transfer"
	Children     = "children"
	AI           = "ai"
	PolicyChange = "policy-change"
	Contact      = "contact"
	// Terms of service.
	Disputes  = "disputes"  // arbitration, class-action waiver, governing law, venue
	Liability = "liability" // limits, indemnities, warranties
	License   = "license"   // rights the user grants over content
	Account   = "account"   // suspension, termination, identity checks, mandatory accounts
	Payment   = "payment"   // prices, renewals, refunds
	Other     = "other"
)

// Change is one classified clause change, as the JSON contract spells it.
type Change struct {
	Kind       diff.Kind `json:"kind"`
	Section    string    `json:"section"`
	OldSection string    `json:"old_section,omitempty"`
	OldText    string    `json:"old_text"`
	NewText    string    `json:"new_text"`
	Severity   Severity  `json:"severity"`
	Categories []string  `json:"categories"`
	Reasons    []string  `json:"reasons"`
	Words      []diff.Op `json:"words,omitempty"`
}

// Summary counts the changes of a report.
type Summary struct {
	Material    bool     `json:"material"`
	MaxSeverity Severity `json:"max_severity"`
	Added       int      `json:"added"`
	Removed     int      `json:"removed"`
	Modified    int      `json:"modified"`
	Moved       int      `json:"moved"`
	Categories  []string `json:"categories"`
	// Language is the document's language (ISO 639-1), as detected.
	Language string `json:"language,omitempty"`
	// Note explains a report that could not be rated: the document is in
	// a language the classifier does not read.
	Note string `json:"note,omitempty"`
	// Unlisted counts the none and low changes counted above but not
	// listed in the report: a page rewritten whole (thousands of changes)
	// lists its material changes and the first minor ones only.
	Unlisted int `json:"unlisted,omitempty"`
}

// Report is the classified difference between two versions.
type Report struct {
	Summary Summary  `json:"summary"`
	Changes []Change `json:"changes"`
}
