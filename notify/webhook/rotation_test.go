package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// referenceVerify is the verification of the Standard Webhooks
// specification written from its text, sharing no code with this package:
// the signed content is "<webhook-id>.<webhook-timestamp>.<body>", the key
// is the base64 after "whsec_", the MAC is HMAC-SHA256, and
// webhook-signature is a space-separated list of "v1,<base64 MAC>" of which
// one must match.
func referenceVerify(secret string, h http.Header, body []byte) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(h.Get("webhook-id") + "." + h.Get("webhook-timestamp") + "." + string(body)))
	want := mac.Sum(nil)
	for _, sig := range strings.Split(h.Get("webhook-signature"), " ") {
		version, b64, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}

// Key rotation: with two secrets configured, every delivery carries one
// signature per secret, so a receiver holding either the old or the new
// secret verifies it; a receiver holding neither does not.
func TestTwoSecretsBothVerify(t *testing.T) {
	oldSecret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("the old secret, 32 bytes long..."))
	newSecret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("the new secret, 32 bytes long!!!"))
	stranger := "whsec_" + base64.StdEncoding.EncodeToString([]byte("someone else's key of 32 bytes.."))
	rc := &recorder{statuses: []int{http.StatusOK}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	n, err := New(Config{URL: srv.URL, Secrets: []string{newSecret, oldSecret}})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(context.Background(), testMessage()); err != nil {
		t.Fatal(err)
	}
	got := rc.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests", len(got))
	}
	h, body := got[0].header, got[0].body
	if sigs := strings.Fields(h.Get(HeaderSignature)); len(sigs) != 2 {
		t.Fatalf("webhook-signature %q: want two signatures", h.Get(HeaderSignature))
	}
	for name, secret := range map[string]string{"old": oldSecret, "new": newSecret} {
		if !referenceVerify(secret, h, body) {
			t.Errorf("the %s secret does not verify by the reference algorithm", name)
		}
		if err := Verify(secret, h, body, time.Minute); err != nil {
			t.Errorf("the %s secret does not verify with Verify: %v", name, err)
		}
	}
	if referenceVerify(stranger, h, body) || Verify(stranger, h, body, time.Minute) == nil {
		t.Error("a secret that was not configured verifies")
	}
	// A body changed in transit verifies with neither.
	if referenceVerify(oldSecret, h, append(body, ' ')) {
		t.Error("a changed body verifies")
	}
}
