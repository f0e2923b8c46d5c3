#!/usr/bin/env bash
# Installs everything tensorcalc needs on a fresh Debian machine with Node 20:
# Debian's Jupyter (for the tslab notebooks), Chromium (for the browser test),
# then the npm dependencies. Idempotent: quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  jupyter-client jupyter-core python3-nbclient jupyter-nbconvert python3-ipykernel jupyter-notebook
  chromium
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ready (node $(node --version), $(/usr/bin/python3 -c 'import jupyter_client; print("jupyter-client", jupyter_client.__version__)'), $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium'))"
