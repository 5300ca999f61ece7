#!/usr/bin/env bash
# Install the Debian packages the project needs, only when they are missing.
#   ensure-system-deps.sh site   the PDF engine's libraries (WeasyPrint: Pango, HarfBuzz)
#   ensure-system-deps.sh test   those, and what the tests use: chromium (browser tests,
#                                Lighthouse), poppler-utils (reading PDFs back), and a
#                                Java runtime for the W3C Nu validator (when no `java`)
set -euo pipefail

mode="${1:-test}"
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$mode" = "test" ]; then
  packages+=(chromium poppler-utils)
  command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
elif [ "$mode" != "site" ]; then
  echo "usage: $0 [site|test]" >&2
  exit 2
fi

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
