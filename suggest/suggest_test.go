package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"type", "url", "select", "remove", "ignore", "schedule"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"selct", "select", true},
		{"slect", "select", true},  // a swap is one edit
		{"Select", "select", true}, // case does not count
		{"remvoe", "remove", true},
		{"ur", "url", true},
		{"schedul", "schedule", true},
		{"colour", "", false},
		{"x", "", false},
		{"selectors", "select", true}, // a plural of a long key
		{"frequency", "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.word, keys)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := Closest("user-agent", []string{"user_agent", "timeout"}); !ok || got != "user_agent" {
		t.Errorf("user-agent: %q, %v", got, ok)
	}
	if got, ok := Closest("crawll", []string{"crawl", "diff"}); !ok || got != "crawl" {
		t.Errorf("crawll: %q, %v", got, ok)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"ab", "ba", 1}, {"abc", "acb", 1}} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
