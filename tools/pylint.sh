#!/usr/bin/env bash
# pylint with pylint-odoo and the project's .pylintrc over the given paths
# (default: every addon at the repo root, i.e. each */__manifest__.py).
# Messages listed in tools/pylint-pending.txt ("path symbol", any line) are
# reported but do not fail: they sit in files being rewritten on other
# branches and are fixed after those land. Anything else fails.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

if [ $# -eq 0 ]; then
    for manifest in */__manifest__.py; do
        [ -e "$manifest" ] && set -- "$@" "$(dirname "$manifest")"
    done
    [ $# -gt 0 ] || die "no addon (*/__manifest__.py) at the repo root"
else
    # Files from pre-commit: keep those inside an addon (tests/, tools/ and
    # bench/ at the top are not addons).
    paths=()
    for path in "$@"; do
        [ -e "${path%%/*}/__manifest__.py" ] && paths+=("$path")
    done
    [ ${#paths[@]} -gt 0 ] || exit 0
    set -- "${paths[@]}"
fi

PENDING="$ROOT/tools/pylint-pending.txt"
out=$("$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$@" 2>&1) && rc=0 || rc=$?
# pylint's exit code is a bit field; 1 (fatal) and 32 (usage error) are real failures.
if (( rc & 33 )); then
    printf '%s\n' "$out" >&2
    die "pylint could not run (exit $rc)"
fi

messages=$(printf '%s\n' "$out" | grep -E '^[^ ]+:[0-9]+: \[' || true)
pending_re=$( { grep -Ev '^\s*(#|$)' "$PENDING" 2>/dev/null || true; } \
    | awk '{ gsub(/[.]/, "[.]", $1); printf "%s^%s:[0-9]+: \\[[A-Z][0-9]+\\(%s\\)", sep, $1, $2; sep="|" }')
if [ -n "$pending_re" ]; then
    pending=$(printf '%s\n' "$messages" | grep -E "$pending_re" || true)
    failing=$(printf '%s\n' "$messages" | grep -Ev "$pending_re" || true)
else
    pending=""
    failing="$messages"
fi
failing=$(printf '%s\n' "$failing" | sed '/^$/d')

if [ -n "$pending" ]; then
    printf 'pylint: %s pending message(s) in files listed in tools/pylint-pending.txt:\n' \
        "$(printf '%s\n' "$pending" | wc -l)" >&2
    printf '%s\n' "$pending" | sed 's/^/  /' >&2
fi
if [ -n "$failing" ]; then
    printf '%s\n' "$failing"
    die "pylint: $(printf '%s\n' "$failing" | wc -l) message(s)"
fi
echo "pylint: clean ($*)"
