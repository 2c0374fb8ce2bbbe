// Package wayback lists and fetches Internet Archive captures of a page,
// politely.
//
// Captures asks the CDX index for every distinct capture of a URL (both the
// given host and its www/non-www twin), and Fetch downloads one capture's raw
// bytes, without the archive's toolbar.
//
// The archive is a shared public service, so a Client sends one request at
// a time, spaced by Options.RequestsPerMinute, and when the archive answers
// 429 or 503 every request of the Client waits out the pause. The limit lives
// in the Client: create one Client per process and share it.
package wayback
