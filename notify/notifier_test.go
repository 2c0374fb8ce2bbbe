package notify

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestErrorKinds(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		name      string
		err       error
		permanent bool
		gone      bool
		after     time.Duration
	}{
		{"plain", base, false, false, 0},
		{"nil", nil, false, false, 0},
		{"permanent", Permanent(base), true, false, 0},
		{"wrapped permanent", fmt.Errorf("ctx: %w", Permanent(base)), true, false, 0},
		{"gone", &GoneError{Err: base}, true, true, 0},
		{"wrapped gone", fmt.Errorf("ctx: %w", &GoneError{Err: base}), true, true, 0},
		{"retry after", &RetryAfterError{After: time.Minute, Err: base}, false, false, time.Minute},
		{"wrapped retry after", fmt.Errorf("ctx: %w", &RetryAfterError{After: time.Second, Err: base}), false, false, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsPermanent(tt.err); got != tt.permanent {
				t.Errorf("IsPermanent = %v", got)
			}
			if got := IsGone(tt.err); got != tt.gone {
				t.Errorf("IsGone = %v", got)
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
