package notify

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

type namedNotifier struct{ channel, target string }

func (n namedNotifier) Channel() string                     { return n.channel }
func (n namedNotifier) Target() string                      { return n.target }
func (n namedNotifier) Send(context.Context, Message) error { return nil }

func TestIndex(t *testing.T) {
	a := namedNotifier{"email", "a@example.org"}
	b := namedNotifier{"webhook", "a@example.org"}
	idx, err := Index(a, b)
	if err != nil || len(idx) != 2 || idx[Key("email", "a@example.org")] != a {
		t.Fatalf("Index = %v, %v", idx, err)
	}
	if _, err := Index(a, namedNotifier{"email", "a@example.org"}); err == nil {
		t.Error("a duplicate channel and target was accepted")
	}
}

func TestErrorKinds(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		name      string
		err       error
		permanent bool
		after     time.Duration
	}{
		{"plain", base, false, 0},
		{"nil", nil, false, 0},
		{"permanent", Permanent(base), true, 0},
		{"wrapped permanent", fmt.Errorf("ctx: %w", Permanent(base)), true, 0},
		{"retry after", &RetryAfterError{After: time.Minute, Err: base}, false, time.Minute},
		{"wrapped retry after", fmt.Errorf("ctx: %w", &RetryAfterError{After: time.Second, Err: base}), false, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsPermanent(tt.err); got != tt.permanent {
				t.Errorf("IsPermanent = %v", got)
			}
			after, ok := RetryAfter(tt.err)
			if after != tt.after || ok != (tt.after > 0) {
				t.Errorf("RetryAfter = %s, %v", after, ok)
			}
			if tt.err != nil && !errors.Is(tt.err, base) {
				t.Error("the cause is lost")
			}
		})
	}
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) is not nil")
	}
}
