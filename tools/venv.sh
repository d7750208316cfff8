#!/usr/bin/env bash
# Create .venv with the pinned dependencies; reinstall only when they change.
source "$(dirname "$0")/common.sh"

PY="${PYTHON:-python3}"
"$PY" - <<'PYEOF' || die "Python 3.10-3.12 is needed (found $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11"
import sys
sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)
PYEOF

stamp="$VENV/.requirements.sha1"
want=$(cat "$ROOT"/requirements/*.txt | sha1sum | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    exit 0
fi
say "Installing Python dependencies into .venv"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements/dev.txt"
# Odoo's long-polling process (odoo-bin gevent) must start, or the server
# respawns it in a loop (see requirements/odoo.txt).
"$VENV/bin/python" -c "from gevent import monkey; monkey.patch_all()" \
    || die "gevent cannot start in .venv: Odoo's long-polling process would crash in a loop"
echo "$want" > "$stamp"
