package wayback

import (
	"errors"
	"net"
	"syscall"
)

// networkDown tells the failures that retrying cannot mend from those it
// can: a host name that does not resolve (offline, or a typo in base_url),
// a refused connection, an unreachable network or host. A timeout or a
// connection reset mid-answer is the archive's trouble and is retried.
func networkDown(err error) bool {
	if err == nil {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	for _, errno := range []syscall.Errno{syscall.ECONNREFUSED, syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.ENETDOWN, syscall.EADDRNOTAVAIL} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}
