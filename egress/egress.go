// Package egress decides which addresses tracker's outgoing connections may
// reach. The stance: the URL in the configuration is trusted, its author
// chose it (intranet policies included); what the remote side points to
// (a redirect, a robots.txt redirect, an archive hop) is not, and may not
// reach loopback, private, link-local, CGNAT or cloud-metadata addresses.
// The check runs on the address a connection is actually dialled to, so a
// name that resolves to a public address when looked up and to a private
// one when connected (DNS rebinding) cannot pass.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlocked is wrapped by every refusal.
var ErrBlocked = errors.New("address not allowed")

// BlockedError names the address refused and the range it falls in.
type BlockedError struct {
	Host  string // what was asked for (host or host:port), when known
	Addr  netip.Addr
	Range string
}

func (e *BlockedError) Error() string {
	if e.Host != "" {
		return fmt.Sprintf("%s resolves to %s, a %s address, which a redirect may not reach", e.Host, e.Addr, e.Range)
	}
	return fmt.Sprintf("%s is a %s address, which a redirect may not reach", e.Addr, e.Range)
}

func (e *BlockedError) Unwrap() error { return ErrBlocked }

// blocked are the ranges beyond the standard library's predicates that are
// not the public internet.
var blocked = []struct {
	prefix netip.Prefix
	name   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
}

// Classify returns the name of the non-public range ip is in, or "" for a
// public address. IPv4 inside IPv6 (mapped, NAT64, 6to4) is judged by the
// IPv4 address it carries.
func Classify(ip netip.Addr) string {
	ip = embedded(ip.Unmap())
	switch {
	case !ip.IsValid():
		return "invalid"
	case ip.IsLoopback():
		return "loopback"
	case ip == netip.MustParseAddr("169.254.169.254") || ip == netip.MustParseAddr("100.100.100.200"):
		return "cloud metadata"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsPrivate():
		return "private"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, b := range blocked {
		if b.prefix.Contains(ip) {
			return b.name
		}
	}
	return ""
}

var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixto4  = netip.MustParsePrefix("2002::/16")
	compat4 = netip.MustParsePrefix("::/96")
)

// embedded returns the IPv4 address an IPv6 address stands for, if any.
func embedded(ip netip.Addr) netip.Addr {
	if !ip.Is6() {
		return ip
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip), compat4.Contains(ip) && !ip.IsUnspecified() && !ip.IsLoopback():
		return netip.AddrFrom4([4]byte(b[12:16]))
	case sixto4.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6]))
	}
	return ip
}

// Check returns a *BlockedError when ip is not a public address.
func Check(ip netip.Addr) error {
	if r := Classify(ip); r != "" {
		return &BlockedError{Addr: ip.Unmap(), Range: r}
	}
	return nil
}

// Control is a net.Dialer ControlContext that refuses connections to
// non-public addresses; it sees the address after name resolution.
func Control(_ context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("egress: dial %s: %w", address, err)
	}
	return Check(ap.Addr())
}

// CheckHost resolves host (a name or an address literal) and refuses it
// when any of its addresses is not public. It is for the one path where
// the dialler cannot see the target: a request sent through a proxy.
func CheckHost(ctx context.Context, r *net.Resolver, host string) error {
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := Check(ip); err != nil {
			err.(*BlockedError).Host = host
			return err
		}
		return nil
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("egress: resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if err := Check(a); err != nil {
			err.(*BlockedError).Host = host
			return err
		}
	}
	return nil
}
