// Package diff compares two versions of a policy clause by clause.
//
// Segment cuts a document into sections (headings, numbered paragraphs,
// short title lines) and clauses (sentences, list items, table rows).
// Compare aligns the clauses of two versions: an exact diff over comparison
// keys finds what stayed in order, identical keys found elsewhere are moves,
// similar wording pairs into modifications (growing over sentences that were
// split or joined), and what is left was added or removed. Keys ignore
// numbering, list markers, whitespace and the spacing of punctuation, so
// renumbering, reflowed paragraphs and new bullets report nothing. WordDiff
// gives the word-level edits of a modified clause.
package diff
