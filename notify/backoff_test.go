package notify

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestBackoffNext(t *testing.T) {
	b := Backoff{Base: 30 * time.Second, Cap: time.Hour, MaxAge: 72 * time.Hour}
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{0, 30 * time.Second},
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{7, 32 * time.Minute},
		{8, time.Hour}, // 64m capped
		{9, time.Hour},
		{1000, time.Hour}, // no overflow
	}
	for _, tt := range tests {
		t.Run(tt.want.String(), func(t *testing.T) {
			if got := b.Next(tt.attempts, nil); got != tt.want {
				t.Errorf("Next(%d) = %s, want %s", tt.attempts, got, tt.want)
			}
		})
	}
}

func TestBackoffJitter(t *testing.T) {
	b := Backoff{Base: 30 * time.Second, Cap: time.Hour, Jitter: true}
	rnd := rand.New(rand.NewPCG(1, 2))
	for attempts := 1; attempts <= 12; attempts++ {
		plain := Backoff{Base: b.Base, Cap: b.Cap}.Next(attempts, nil)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.Next(attempts, rnd)
			if d < plain/2 || d > plain {
				t.Fatalf("Next(%d) = %s, outside [%s, %s]", attempts, d, plain/2, plain)
			}
			seen[d] = true
		}
		if len(seen) < 50 {
			t.Errorf("Next(%d) took only %d distinct values in 200 draws", attempts, len(seen))
		}
	}
	if d := b.Next(3, nil); d < time.Minute || d > 2*time.Minute {
		t.Errorf("Next with the global source = %s", d)
	}
}

func TestBackoffDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Backoff
		want Backoff
	}{
		{"zero is the default, jittered", Backoff{}, DefaultBackoff},
		{"partial keeps its jitter choice", Backoff{Base: time.Second}, Backoff{Base: time.Second, Cap: time.Hour, MaxAge: 72 * time.Hour}},
		{"cap below base", Backoff{Base: time.Minute, Cap: time.Second, Jitter: true}, Backoff{Base: time.Minute, Cap: time.Minute, MaxAge: 72 * time.Hour, Jitter: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.withDefaults(); got != tt.want {
				t.Errorf("withDefaults = %+v, want %+v", got, tt.want)
			}
		})
	}
}
