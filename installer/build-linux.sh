#!/usr/bin/env bash
# Build the Linux bundle of Elkaar:
#   dist/elkaar/                               one-folder bundle, executable dist/elkaar/elkaar
#   dist/elkaar-<version>-linux-x86_64.tar.gz  the same folder packed
#
#   bash installer/build-linux.sh [--no-tar]
#
# Uses (and creates when missing) the project's .venv with the build extra (PyInstaller).
# No AppImage: appimagetool and its runtime are not in the Debian or PyPI packages (see
# docs/installer.md); the tarball runs from any folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
if ! .venv/bin/python -c "import PyInstaller, desktop" >/dev/null 2>&1 \
   || [ pyproject.toml -nt .venv/.elkaar-build-installed ]; then
  .venv/bin/python -m pip install -q -e '.[build]'
  touch .venv/.elkaar-build-installed
fi
command -v readelf >/dev/null || { echo "build: readelf ontbreekt (apt-get install binutils)" >&2; exit 1; }

VERSION=$(.venv/bin/python -c "import desktop; print(desktop.__version__)")
ARCH=$(uname -m)
echo "build: Elkaar $VERSION voor linux-$ARCH"
start=$(date +%s)
rm -rf dist/elkaar
.venv/bin/pyinstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/elkaar.spec
[ -x dist/elkaar/elkaar ] || { echo "build: dist/elkaar/elkaar ontbreekt" >&2; exit 1; }
size=$(du -sm --apparent-size dist/elkaar | cut -f1)
echo "build: dist/elkaar klaar in $(( $(date +%s) - start )) s, ${size} MiB uitgepakt"
if [ "$size" -gt "${ELKAAR_BUNDLE_BUDGET_MB:-150}" ]; then
  echo "build: LET OP: de bundel is groter dan het budget van ${ELKAAR_BUNDLE_BUDGET_MB:-150} MiB" >&2
fi

if [ "${1:-}" != "--no-tar" ]; then
  TAR="dist/elkaar-$VERSION-linux-$ARCH.tar.gz"
  tar -C dist -czf "$TAR" elkaar
  echo "build: $TAR ($(du -m "$TAR" | cut -f1) MiB)"
fi
