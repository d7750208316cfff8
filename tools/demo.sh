#!/usr/bin/env bash
# make demo: a database with account + debt_recovery and its demo data,
# served on http://localhost:$HTTP_PORT. Reused when it exists; --reset rebuilds.
source "$(dirname "$0")/common.sh"

DB="${DEMO_DB:-debt_recovery_demo}"
"$ROOT/tools/conf.sh" "$CONF" "$HTTP_PORT"

installed() {
    "$VENV/bin/python" - "$DB" <<PYEOF 2>/dev/null
import sys, psycopg2
conn = psycopg2.connect(host="$DB_HOST", port="$DB_PORT", user="$DB_USER", password="$DB_PASSWORD" or None, dbname=sys.argv[1])
with conn.cursor() as cr:
    cr.execute("SELECT state FROM ir_module_module WHERE name = 'debt_recovery'")
    row = cr.fetchone()
sys.exit(0 if row and row[0] == "installed" else 1)
PYEOF
}

if [ "${1:-}" = "--reset" ] || ! installed; then
    say "Building demo database $DB (account + debt_recovery with demo data)"
    odoo_bin db -c "$CONF" drop "$DB" >/dev/null 2>&1 || true
    odoo_bin -c "$CONF" -d "$DB" -i debt_recovery --with-demo --stop-after-init \
        --logfile="$RUN/demo-install.log" || die "building the demo database failed; see $RUN/demo-install.log"
    update=()
else
    update=(-u debt_recovery)   # keep the demo in step with the code
fi

cat >&2 <<MSG

  debt_recovery demo is starting on  http://localhost:$HTTP_PORT
  login: admin   password: admin     (database $DB; Ctrl-C stops the server)
  clerk: collector / collector    manager: collections_manager / collections_manager

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${update[@]}"
