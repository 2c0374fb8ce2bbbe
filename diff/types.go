package diff

// Kind is what happened to a clause between two versions.
type Kind string

const (
	Added    Kind = "added"
	Removed  Kind = "removed"
	Modified Kind = "modified"
	Moved    Kind = "moved"
)

// OpType is one word-level edit.
type OpType string

const (
	Equal  OpType = "equal"
	Insert OpType = "insert"
	Delete OpType = "delete"
)

// Op is a run of text that is kept, inserted or deleted.
type Op struct {
	Type OpType `json:"op"`
	Text string `json:"text"`
}

// Change is one clause that differs between the old and the new version.
type Change struct {
	Kind       Kind
	Section    string // heading of the section holding the clause (new side; old side for removed)
	OldSection string // heading of the section the clause came from (moved, modified)
	OldText    string // empty for added
	NewText    string // empty for removed
	Words      []Op   // word-level diff of OldText → NewText, for modified clauses
	Heading    bool   // the clause is a heading: it names a section, it states nothing
	// Repeat marks an added clause whose every sentence the old version
	// already had elsewhere (a page that shows a text twice), or a
	// removed one the new version still has elsewhere.
	Repeat bool
	// Twin is, for an added (removed) clause that is not a repeat, the
	// text of the old (new) version it nearly copies, sentence by
	// sentence, when at least half of its sentences have such a twin;
	// "" otherwise.
	Twin string
}

// Result lists the changes between two versions, in the new version's order
// (removed clauses where they stood in the old one).
type Result struct {
	Changes []Change
}
