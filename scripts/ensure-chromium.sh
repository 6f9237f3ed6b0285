#!/usr/bin/env bash
# Browser tests drive Debian's chromium (downloads of browsers by npm packages do not work here).
# Installs it when /usr/bin/chromium is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  apt-get update && apt-get install -y chromium
else
  sudo apt-get update && sudo apt-get install -y chromium
fi
