package egress

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		ip   string
		want string // "" for public
	}{
		{"8.8.8.8", ""},
		{"2606:4700::1111", ""},
		{"127.0.0.1", "loopback"},
		{"127.8.9.10", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "private"},
		{"fd12::1", "private"},
		{"169.254.169.254", "cloud metadata"},
		{"fd00:ec2::254", "private"},
		{"169.254.10.10", "link-local"},
		{"fe80::1", "link-local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"100.100.100.200", "cloud metadata"},
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "\"this network\""},
		{"::", "unspecified"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:10.0.0.1", "private"},
		{"64:ff9b::a00:1", "private"},           // NAT64 of 10.0.0.1
		{"2002:a9fe:a9fe::1", "cloud metadata"}, // 6to4 of 169.254.169.254
		{"224.0.0.1", "link-local"},
		{"239.1.1.1", "multicast"},
		{"255.255.255.255", "broadcast"},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			if got := Classify(netip.MustParseAddr(tt.ip)); got != tt.want {
				t.Errorf("Classify(%s) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}

func TestTrusted(t *testing.T) {
	u := func(s string) *url.URL { p, _ := url.Parse(s); return p }
	ctx := WithOrigin(context.Background(), u("http://127.0.0.1:8080/privacy"), false)
	pub := WithOrigin(context.Background(), u("http://example.com/privacy"), false)
	tests := []struct {
		name string
		ctx  context.Context
		to   string
		want bool
	}{
		{"same host and port", ctx, "http://127.0.0.1:8080/other", true},
		{"same IP, another port", ctx, "http://127.0.0.1:9090/admin", false},
		{"another host", ctx, "http://10.0.0.1:8080/", false},
		{"https upgrade on default ports", pub, "https://EXAMPLE.com./privacy", true},
		{"another name", pub, "https://www.example.com/privacy", false},
		{"no origin", context.Background(), "http://example.com/", false},
		{"allowed by the document", WithOrigin(context.Background(), u("http://example.com/"), true), "http://10.0.0.1/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Trusted(tt.ctx, u(tt.to)); got != tt.want {
				t.Errorf("Trusted(%s) = %v, want %v", tt.to, got, tt.want)
			}
		})
	}
}

// The guarded transport checks the address a name resolves to when it
// dials: "localhost" looks like any name and resolves to loopback.
func TestGuardedTransportChecksResolvedAddress(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		io.WriteString(w, "internal")
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	base := &http.Transport{}
	rt := Route(base, &net.Dialer{})
	client := &http.Client{Transport: rt}
	t.Cleanup(rt.CloseIdleConnections)

	req, _ := http.NewRequest("GET", "http://localhost:"+port+"/admin", nil)
	_, err := client.Do(req.WithContext(WithOrigin(context.Background(), &url.URL{Scheme: "http", Host: "vendor.example:80"}, false)))
	var blocked *BlockedError
	if !errors.As(err, &blocked) || blocked.Range != "loopback" {
		t.Fatalf("err = %v, want a loopback refusal", err)
	}
	if hits != 0 {
		t.Errorf("the server got %d requests", hits)
	}
	// The configured URL itself is trusted.
	origin, _ := url.Parse(srv.URL)
	req, _ = http.NewRequest("GET", srv.URL+"/privacy", nil)
	resp, err := client.Do(req.WithContext(WithOrigin(context.Background(), origin, false)))
	if err != nil {
		t.Fatalf("trusted request: %v", err)
	}
	resp.Body.Close()
}
