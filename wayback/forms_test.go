package wayback

import (
	"slices"
	"testing"
)

func TestQueryForms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"https://www.example.com/privacy", []string{"www.example.com/privacy", "example.com/privacy"}},
		{"https://example.com/privacy", []string{"example.com/privacy", "www.example.com/privacy"}},
		{"http://Example.COM:80/legal/terms?lang=en", []string{"example.com/legal/terms?lang=en", "www.example.com/legal/terms?lang=en"}},
		{"https://example.com:443/", []string{"example.com/", "www.example.com/"}},
		{"https://example.com:8443/p", []string{"example.com:8443/p", "www.example.com:8443/p"}},
		{"example.com/privacy#top", []string{"example.com/privacy", "www.example.com/privacy"}},
		{"https://policies.google.com/privacy", []string{"policies.google.com/privacy", "www.policies.google.com/privacy"}},
		{"https://www.com/p", []string{"www.com/p"}},
		{"http://192.0.2.7/privacy", []string{"192.0.2.7/privacy"}},
		{"http://intranet/privacy", []string{"intranet/privacy"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := queryForms(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("queryForms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"https://", "http://%zz/"} {
		if _, err := queryForms(bad); err == nil {
			t.Errorf("queryForms(%q) accepted", bad)
		}
	}
}

func TestPageKey(t *testing.T) {
	same := [][2]string{
		{"http://www.example.com:80/privacy", "https://example.com/privacy/"},
		{"https://EXAMPLE.com", "http://example.com/"},
		{"example.com/p?a=1", "https://www.example.com/p?a=1"},
	}
	for _, p := range same {
		if pageKey(p[0]) != pageKey(p[1]) {
			t.Errorf("pageKey(%q) = %q, pageKey(%q) = %q; want equal", p[0], pageKey(p[0]), p[1], pageKey(p[1]))
		}
	}
	differ := [][2]string{
		{"https://example.com/privacy", "https://example.com/"},
		{"https://example.com/p?a=1", "https://example.com/p?a=2"},
		{"https://example.com:8080/p", "https://example.com/p"},
		{"https://example.com/p", "https://example.org/p"},
	}
	for _, p := range differ {
		if pageKey(p[0]) == pageKey(p[1]) {
			t.Errorf("pageKey(%q) == pageKey(%q) = %q; want different", p[0], p[1], pageKey(p[0]))
		}
	}
}
