#!/bin/sh
# Make sure a Java runtime is on PATH for HermiT; install Debian's headless JRE if not.
set -eu
if command -v java >/dev/null 2>&1; then
  exit 0
fi
echo "HermiT needs Java; installing Debian's default-jre-headless ..." >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: no java on PATH and not root; install a Java runtime (e.g. default-jre-headless)" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
command -v java >/dev/null 2>&1 || { echo "error: java still not on PATH after install" >&2; exit 2; }
