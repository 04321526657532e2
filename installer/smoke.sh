#!/usr/bin/env bash
# Smoke test of the frozen bundle: run dist/elkaar/elkaar the way a user's machine would,
# with a clean environment (env -i: no venv, no PYTHONPATH, HOME in a temp folder,
# working directory outside the repository) and fail on any error or traceback.
#
#   bash installer/smoke.sh [path/to/elkaar]      (default: dist/elkaar/elkaar)
set -euo pipefail
DEFAULT_EXE="$(dirname "$0")/../dist/elkaar/elkaar"
EXE=$(readlink -f "${1:-$DEFAULT_EXE}")
[ -x "$EXE" ] || { echo "smoke: $EXE ontbreekt; bouw eerst met installer/build-linux.sh" >&2; exit 1; }

T=$(mktemp -d /tmp/elkaar-smoke.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/home" "$T/work" "$T/runtime"
chmod 700 "$T/runtime"
LOG="$T/out.log"
failures=0

run() {
  # run NAME ARGS... : run the frozen exe in a clean environment, show and check output
  local name=$1
  shift
  echo "== elkaar $*"
  local rc=0
  (cd "$T/work" && env -i PATH=/usr/bin:/bin HOME="$T/home" LANG=C.UTF-8 \
      XDG_RUNTIME_DIR="$T/runtime" QT_QPA_PLATFORM=offscreen "${EXTRA_ENV[@]}" \
      timeout -k 5 "${SMOKE_TIMEOUT:-120}" "$EXE" "$@") >"$LOG" 2>&1 || rc=$?
  sed 's/^/   /' "$LOG"
  if [ "$rc" -ne 0 ]; then
    echo "smoke: '$name' faalde (exit $rc)" >&2
    failures=$((failures + 1))
  elif grep -q "Traceback" "$LOG"; then
    echo "smoke: '$name' gaf een traceback" >&2
    failures=$((failures + 1))
  fi
  return 0
}

EXTRA_ENV=()
run version --version
grep -q "^Elkaar [0-9]" "$LOG" || { echo "smoke: --version zonder versienummer" >&2; failures=$((failures + 1)); }
run selftest selftest
grep -q "selftest geslaagd" "$LOG" || { echo "smoke: selftest niet geslaagd" >&2; failures=$((failures + 1)); }
run init init --demo --db "$T/x.db"
run check check --db "$T/x.db"
run report-databaseoverzicht report databaseoverzicht --db "$T/x.db" --out "$T/x.pdf"
[ -s "$T/x.pdf" ] && head -c 5 "$T/x.pdf" | grep -q "%PDF-" \
  || { echo "smoke: x.pdf is geen PDF" >&2; failures=$((failures + 1)); }
run report-list report list
if grep -q "^wegwijzer " "$LOG"; then
  run report-wegwijzer report wegwijzer --db "$T/x.db" --out "$T/w.pdf"
  [ -s "$T/w.pdf" ] && head -c 5 "$T/w.pdf" | grep -q "%PDF-" \
    || { echo "smoke: w.pdf is geen PDF" >&2; failures=$((failures + 1)); }
else
  echo "== (rapport wegwijzer bestaat nog niet; overgeslagen)"
fi

# Encrypted store (SQLCipher binding inside the bundle).
EXTRA_ENV=(ELKAAR_PASSPHRASE=rook-test-Wachtwoord-42)
run init-versleuteld init --demo --db "$T/enc.db"
run check-versleuteld check --db "$T/enc.db"
if head -c 16 "$T/enc.db" | grep -q "SQLite format 3"; then
  echo "smoke: enc.db is niet versleuteld" >&2
  failures=$((failures + 1))
fi

# The window itself, as the user starts it (no subcommand), until it is shown.
EXTRA_ENV=(ELKAAR_SMOKE=1 ELKAAR_DATA_DIR="$T/data")
run window --db "$T/x.db"
grep -qx "ready" "$LOG" || { echo "smoke: het venster kwam niet op" >&2; failures=$((failures + 1)); }

# Data stays out of the program folder (not portable): nothing written next to the exe.
if [ -e "$(dirname "$EXE")/data" ]; then
  echo "smoke: er zijn gegevens naast het programma geschreven" >&2
  failures=$((failures + 1))
fi
# Log file lands in the per-user data folder under HOME.
if ! find "$T/home" -name 'elkaar.log' | grep -q .; then
  echo "smoke: geen logbestand in de gebruikersmap onder HOME" >&2
  failures=$((failures + 1))
fi

# Nothing went wrong behind the scenes either: no traceback in the log files.
if grep -rl "Traceback" "$T/home" "$T/data" 2>/dev/null | grep -q .; then
  echo "smoke: traceback in een logbestand:" >&2
  grep -rh -B2 -A20 "Traceback" "$T/home" "$T/data" 2>/dev/null | head -60 >&2
  failures=$((failures + 1))
fi

# Portable mode in the frozen layout: a copy of the bundle with the marker file keeps
# its data in ./data next to the executable, and nothing in HOME.
PORT="$T/portable/elkaar"
mkdir -p "$T/portable"
cp -al "$(dirname "$EXE")" "$PORT" 2>/dev/null || cp -a "$(dirname "$EXE")" "$PORT"
touch "$PORT/elkaar-portable"
rm -rf "$T/home"/* "$T/home"/.[!.]* 2>/dev/null || true
EXE_SAVED=$EXE
EXE="$PORT/$(basename "$EXE")"
EXTRA_ENV=()
run portable init --demo
EXE=$EXE_SAVED
if [ ! -f "$PORT/data/elkaar.db" ] || [ ! -f "$PORT/data/logs/elkaar.log" ]; then
  echo "smoke: portable modus schreef niet naar $PORT/data" >&2
  failures=$((failures + 1))
fi
if find "$T/home" -path '*Elkaar*' | grep -q .; then
  echo "smoke: portable modus schreef in de gebruikersmap" >&2
  failures=$((failures + 1))
fi

# A real X window (xcb) when a virtual X server is available.
if command -v xvfb-run >/dev/null 2>&1; then
  echo "== elkaar (xcb onder Xvfb)"
  rc=0
  (cd "$T/work" && env -i PATH=/usr/bin:/bin HOME="$T/home" LANG=C.UTF-8 \
      XDG_RUNTIME_DIR="$T/runtime" ELKAAR_SMOKE=1 ELKAAR_DATA_DIR="$T/data" \
      xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
      "$EXE" --db "$T/x.db") >"$LOG" 2>&1 || rc=$?
  sed 's/^/   /' "$LOG"
  if [ "$rc" -ne 0 ] || ! grep -qx "ready" "$LOG" || grep -q "Traceback" "$LOG"; then
    echo "smoke: venster onder xcb faalde (exit $rc)" >&2
    failures=$((failures + 1))
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "smoke: $failures fout(en)" >&2
  exit 1
fi
echo "smoke: alles in orde ($EXE)"
