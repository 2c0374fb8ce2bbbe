//go:build unix

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ErrDaemonRunning means another daemon holds the database.
var ErrDaemonRunning = errors.New("another tracker daemon is already running on this database")

// lockDaemon takes an exclusive, non-blocking lock on DB.daemon.lock. The
// kernel drops it when the process dies, even by SIGKILL, so a crash never
// leaves a stale lock behind.
func lockDaemon(dbPath string) (func(), error) {
	path := dbPath + ".daemon.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("daemon: open lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s, pid %s): stop it first, or use one-shot commands, which work alongside it", ErrDaemonRunning, dbPath, strings.TrimSpace(string(pid)))
		}
		return nil, fmt.Errorf("daemon: lock %s: %w", path, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// ownerDead tells whether a lease owner (host:pid:suffix, see
// store.NewOwner) is a process of this machine that no longer exists. A
// process of another machine is never judged: its leases expire.
func ownerDead(owner string) bool {
	parts := strings.Split(owner, ":")
	if len(parts) != 3 {
		return false
	}
	host, err := os.Hostname()
	if err != nil || parts[0] != host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
