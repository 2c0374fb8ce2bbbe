package wayback

import "testing"

func TestQueryForm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.example.com/privacy", "example.com/privacy"},
		{"https://example.com/privacy", "example.com/privacy"},
		{"http://Example.COM:80/legal/terms?lang=en", "example.com/legal/terms?lang=en"},
		{"https://www2.example.com/", "example.com/"},
		{"https://example.com:443/", "example.com/"},
		{"https://example.com:8443/p", "example.com:8443/p"},
		{"example.com/privacy#top", "example.com/privacy"},
		{"https://policies.google.com/privacy", "policies.google.com/privacy"},
		{"https://www.com/p", "www.com/p"},
		{"https://wwwx.example.com/p", "wwwx.example.com/p"},
		{"http://192.0.2.7/privacy", "192.0.2.7/privacy"},
		{"http://intranet/privacy", "intranet/privacy"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := queryForm(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("queryForm(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"https://", "http://%zz/"} {
		if _, err := queryForm(bad); err == nil {
			t.Errorf("queryForm(%q) accepted", bad)
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
