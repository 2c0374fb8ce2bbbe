#!/bin/sh
# Installs Debian's chromium for the browser tests (web/, browser/, pipeline/). Safe to run
# again: it does nothing when /usr/bin/chromium is already there.
set -eu

if [ -x /usr/bin/chromium ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
	echo "install-chromium: chromium was installed but /usr/bin/chromium is missing" >&2
	exit 1
fi
