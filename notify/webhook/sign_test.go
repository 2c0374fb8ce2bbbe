package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The example of the Standard Webhooks specification.
const (
	specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTS     = 1614265330
	specBody   = `{"test": 2432232314}`
	specSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSignSpecExample(t *testing.T) {
	key, err := DecodeSecret(specSecret)
	if err != nil {
		t.Fatal(err)
	}
	if got := Sign(key, specID, time.Unix(specTS, 0), []byte(specBody)); got != specSig {
		t.Errorf("Sign = %q, want %q", got, specSig)
	}
}

func TestSignMatchesIndependentHMAC(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	ts := time.Date(2024, 6, 12, 9, 31, 7, 0, time.UTC)
	body := []byte(`{"type":"document.changed","id":"msg_1"}`)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("msg_1." + strconv.FormatInt(ts.Unix(), 10) + "." + string(body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if got := Sign(key, "msg_1", ts, body); got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func specHeaders(sig string, ts int64) http.Header {
	h := http.Header{}
	h.Set(HeaderID, specID)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, sig)
	return h
}

func TestVerify(t *testing.T) {
	now := time.Unix(specTS, 0).Add(time.Minute)
	otherSecret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("another key entirely"))
	tests := []struct {
		name    string
		secret  string
		headers http.Header
		body    string
		want    error
	}{
		{"valid", specSecret, specHeaders(specSig, specTS), specBody, nil},
		{"one of several signatures", specSecret, specHeaders("v1,bm90IGl0 "+specSig+" v2,xyz", specTS), specBody, nil},
		{"tampered body", specSecret, specHeaders(specSig, specTS), `{"test": 2432232315}`, ErrSignature},
		{"wrong secret", otherSecret, specHeaders(specSig, specTS), specBody, ErrSignature},
		{"signature without version", specSecret, specHeaders(strings.TrimPrefix(specSig, "v1,"), specTS), specBody, ErrSignature},
		{"timestamp too old", specSecret, specHeaders(specSig, specTS-600), specBody, ErrTimestamp},
		{"timestamp in the future", specSecret, specHeaders(specSig, specTS+600), specBody, ErrTimestamp},
		{"missing id", specSecret, func() http.Header { h := specHeaders(specSig, specTS); h.Del(HeaderID); return h }(), specBody, ErrMissingHeaders},
		{"secret without prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", specHeaders(specSig, specTS), specBody, ErrSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyAt(tt.secret, tt.headers, []byte(tt.body), 5*time.Minute, now)
			if !errors.Is(err, tt.want) {
				t.Errorf("verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDecodeSecret(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		ok     bool
	}{
		{"standard", specSecret, true},
		{"unpadded", "whsec_" + base64.RawStdEncoding.EncodeToString([]byte("a key of twenty-five byte")), true},
		{"too short", "whsec_" + base64.StdEncoding.EncodeToString([]byte("sixteen byte key!")), false},
		{"no prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false},
		{"not base64", "whsec_not*base64!", false},
		{"empty key", "whsec_", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeSecret(tt.secret)
			if (err == nil) != tt.ok {
				t.Fatalf("DecodeSecret error = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimPrefix(tt.secret, "whsec_")) && tt.secret != "whsec_" {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}
