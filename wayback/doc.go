// Package wayback lists and fetches Internet Archive captures of a page,
// politely, and tells the archive's own answers from the captures it
// replays.
//
// Captures asks the CDX index once per URL key for the distinct captures
// of a page; Fetch downloads one capture's raw bytes, without the
// archive's toolbar, decoded and checked to be text, and dated by the
// Memento-Datetime of what the archive actually replayed.
//
// The archive is a shared public service that limits the index and
// replays apart (see the limits in options.go), so a Client keeps one
// limiter for each, sending one request at a time on each; a live 429 or
// 503 pauses every request of the Client. The limits live in the Client:
// create one per process and share it.
package wayback
