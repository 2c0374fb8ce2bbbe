package webhook_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/notify/webhook"
)

// A receiver checks every delivery before trusting it: the signature
// proves it came from tracker with the shared secret, the timestamp
// limits replays, and webhook-id lets it drop a delivery it already
// handled (a retry sends the same id).
func ExampleVerify() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" // in practice: os.Getenv("TRACKER_WEBHOOK_SECRET")

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			http.Error(w, "read error", http.StatusBadRequest)
			return
		}
		if err := webhook.Verify(secret, r.Header, body, 5*time.Minute); err != nil {
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		fmt.Println("verified", r.Header.Get("webhook-id"))
		w.WriteHeader(http.StatusNoContent)
	})

	// What tracker sends, signed now.
	key, _ := webhook.DecodeSecret(secret)
	body := `{"type":"document.changed","id":"msg_p5jXN8AQM9LWM0D4loKWxJek"}`
	req := httptest.NewRequest(http.MethodPost, "/hooks/tracker", strings.NewReader(body))
	req.Header.Set("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
	now := time.Now()
	req.Header.Set("webhook-timestamp", fmt.Sprint(now.Unix()))
	req.Header.Set("webhook-signature", webhook.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", now, []byte(body)))

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// verified msg_p5jXN8AQM9LWM0D4loKWxJek
	// 204
}
