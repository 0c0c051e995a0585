#!/usr/bin/env bash
# Set up a fresh Debian machine for vndocx: system packages, then a virtual environment
# in .venv with the package and its development tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils fonts-liberation2 fonts-noto-core fonts-dejavu-core
              libreoffice-calc-nogui libreoffice-writer-nogui chromium chromium-driver)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "setup: $PY not found. vndocx needs Python 3.11 or newer: apt-get install python3 (or set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: vndocx needs Python 3.11 or newer; $PY is $("$PY" -c 'import platform; print(platform.python_version())')." >&2
  echo "       Install a newer one (Debian 12 / Ubuntu 24.04 ship 3.11 / 3.12) and run: PYTHON=python3.11 make demo" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  # Debian and Ubuntu split venv and ensurepip out of python3 (package python3-venv / python3.X-venv)
  if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if command -v apt-get >/dev/null 2>&1; then
      sudo_cmd=""
      [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
      echo "Installing python3-venv ($PY has no venv module)"
      $sudo_cmd apt-get install -y -qq "python${ver}-venv" >/dev/null 2>&1 \
        || $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
    fi
    if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
      echo "setup: $PY cannot create a virtual environment: install its venv module" >&2
      echo "       (Debian/Ubuntu: sudo apt-get install python${ver}-venv), then run this again." >&2
      exit 1
    fi
  fi
  "$PY" -m venv .venv
fi
stamp=.venv/.vndocx-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi
if ! command -v vndocx >/dev/null 2>&1; then
  echo "vndocx is installed in .venv/bin. To use it: 'source .venv/bin/activate' in this shell," \
       "or 'make install' for a launcher in ~/.local/bin."
fi
