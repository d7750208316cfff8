#!/usr/bin/env bash
# make screenshots: the README's pictures, from the demo database, by headless
# Chromium (tools/screenshots.py) against a server started here for the purpose.
source "$(dirname "$0")/common.sh"

DB="${DEMO_DB:-debt_recovery_demo}"
PORT="${SCREENSHOT_PORT:-8079}"
SHOTS_CONF="$RUN/odoo-screenshots.conf"
"$ROOT/tools/demo.sh" --build-only
"$ROOT/tools/conf.sh" "$SHOTS_CONF" "$PORT"

if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" 2>/dev/null; then
    die "port $PORT is in use: stop that server or set SCREENSHOT_PORT"
fi
say "Serving $DB on port $PORT for the screenshots"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$SHOTS_CONF" -d "$DB" --db-filter="^$DB\$" \
    --logfile="$RUN/screenshots-server.log" &
server=$!  # the server itself, not a subshell: killed on exit
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    sleep 1
done
"$VENV/bin/python" "$ROOT/tools/screenshots.py" "http://127.0.0.1:$PORT" "$DB" "$ROOT/doc/screenshots"
