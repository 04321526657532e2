#!/usr/bin/env bash
# Shared by scripts/run and scripts/test: system libraries for Qt (when missing and we
# may install them), the virtual environment and the package. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
          libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
          xvfb xauth poppler-utils)
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="skip"; fi
    fi
    if [ "$SUDO" = "skip" ]; then
      echo "Let op: deze systeempakketten ontbreken (installeer ze als beheerder): ${missing[*]}" >&2
    else
      echo "apt: installeren van ${missing[*]}"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
STAMP=.venv/.elkaar-installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[${ELKAAR_EXTRAS:-dev}]"
  touch "$STAMP"
fi
