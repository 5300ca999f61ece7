#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when they are missing:
# chromium (browser tests, Lighthouse), poppler-utils (PDF checks), a Java runtime
# for the W3C Nu validator (only when no `java` is on the PATH).
set -euo pipefail

packages=(chromium poppler-utils)
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "all present: ${packages[*]}"
  exit 0
fi

echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: install these with apt-get first: ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
