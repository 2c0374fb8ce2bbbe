package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names of the Standard Webhooks specification.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

const secretPrefix = "whsec_"

// MinSecretBytes is the shortest key accepted: the Standard Webhooks
// specification asks for 24 to 64 random bytes.
const MinSecretBytes = 24

// Verification errors, for receivers that want to tell them apart.
var (
	ErrMissingHeaders = errors.New("webhook: missing webhook-id, webhook-timestamp or webhook-signature header")
	ErrTimestamp      = errors.New("webhook: timestamp outside the tolerance")
	ErrSignature      = errors.New("webhook: no matching signature")
	ErrSecret         = errors.New(`webhook: secret must be "whsec_" followed by base64 (make one with: echo "whsec_$(head -c 32 /dev/urandom | base64)")`)
)

// DecodeSecret returns the signing key of a "whsec_<base64>" secret. Its
// error never contains the secret.
func DecodeSecret(whsec string) ([]byte, error) {
	return decodeKey(whsec, MinSecretBytes)
}

// decodeKey decodes a secret of at least minBytes. Verify takes any
// length: judging the sender's secret is the sender's business.
func decodeKey(whsec string, minBytes int) ([]byte, error) {
	b64, ok := strings.CutPrefix(strings.TrimSpace(whsec), secretPrefix)
	if !ok {
		return nil, ErrSecret
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		// Some generators drop the padding; the key is the same.
		key, err = base64.RawStdEncoding.DecodeString(b64)
	}
	if err != nil || len(key) == 0 {
		return nil, ErrSecret
	}
	if len(key) < minBytes {
		return nil, fmt.Errorf("%w: it decodes to %d bytes, fewer than %d", ErrSecret, len(key), minBytes)
	}
	return key, nil
}

// Sign returns the "v1,<base64>" signature of a delivery: HMAC-SHA256 with
// key secret over "id.timestamp.body", the timestamp in Unix seconds.
func Sign(secret []byte, id string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SignAll is the webhook-signature header of a delivery signed with each
// key: space-separated signatures, as the Standard Webhooks specification
// describes for secret rotation.
func SignAll(keys [][]byte, id string, ts time.Time, body []byte) string {
	sigs := make([]string, len(keys))
	for i, k := range keys {
		sigs[i] = Sign(k, id, ts, body)
	}
	return strings.Join(sigs, " ")
}

// Verify checks a received delivery: the signature header must hold a v1
// signature (of possibly several, space separated) matching the body, and
// the timestamp must be within tolerance of now, which limits replays.
func Verify(secretWhsec string, headers http.Header, body []byte, tolerance time.Duration) error {
	return verifyAt(secretWhsec, headers, body, tolerance, time.Now())
}

func verifyAt(secretWhsec string, headers http.Header, body []byte, tolerance time.Duration, now time.Time) error {
	key, err := decodeKey(secretWhsec, 1)
	if err != nil {
		return err
	}
	id, tsText, sigs := headers.Get(HeaderID), headers.Get(HeaderTimestamp), headers.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return ErrMissingHeaders
	}
	sec, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not Unix seconds", ErrTimestamp, tsText)
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: sent %s, now %s", ErrTimestamp, ts.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	want := []byte(Sign(key, id, ts, body))
	for _, sig := range strings.Fields(sigs) {
		if hmac.Equal([]byte(sig), want) {
			return nil
		}
	}
	return ErrSignature
}
