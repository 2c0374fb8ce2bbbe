package webhook

import (
	"bytes"
	"testing"
	"time"
)

func BenchmarkSign(b *testing.B) {
	body := bytes.Repeat([]byte(`{"k":"v"},`), 2000) // ~20 KB, a large alert
	ts := time.Unix(1718184667, 0)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Sign(testKey, "msg_0123456789abcdef01234567", ts, body)
	}
}
