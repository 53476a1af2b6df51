#!/bin/sh
# Install what the server and browser tests run against, from Debian's packages:
# Virtuoso (a real SPARQL store for the remote-endpoint tests) and Chromium (headless,
# for the query-page test). The tests start and stop them themselves.
set -eu
missing=""
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || missing="$missing virtuoso-opensource"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
echo "installing Debian packages for the tests:$missing ..." >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install:$missing" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
command -v virtuoso-t >/dev/null 2>&1 || { echo "error: virtuoso-t not on PATH after install" >&2; exit 2; }
command -v chromium >/dev/null 2>&1 || { echo "error: chromium not on PATH after install" >&2; exit 2; }
