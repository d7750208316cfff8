# Shared settings for the tools/ scripts; sourced, not run.
# Everything the project creates at run time lives under .run/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
VENV="$ROOT/.venv"
ODOO_SRC="${ODOO_SRC:-$HOME/.cache/odoo/19.0}"
ODOO_BRANCH="19.0"
ODOO_REPO="${ODOO_REPO:-https://github.com/odoo/odoo.git}"
CONF="$RUN/odoo.conf"
HTTP_PORT="${HTTP_PORT:-8069}"

# PostgreSQL: an existing server when PGHOST/PGPORT are set, otherwise a
# cluster of our own under .run/, reachable only through a Unix socket.
if [ -n "${PGHOST:-}${PGPORT:-}" ]; then
    PG_EXTERNAL=1
    DB_HOST="${PGHOST:-localhost}"
    DB_PORT="${PGPORT:-5432}"
    DB_USER="${PGUSER:-$(id -un)}"
    DB_PASSWORD="${PGPASSWORD:-}"
else
    PG_EXTERNAL=0
    PGDATA_DIR="$RUN/pgdata"
    # Unix socket paths are limited to ~107 bytes: fall back to /tmp for deep checkouts.
    DB_HOST="$RUN/pg"
    if [ ${#DB_HOST} -gt 80 ]; then
        DB_HOST="/tmp/debt_recovery-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
    fi
    DB_PORT=5432
    DB_USER=odoo   # Odoo refuses to connect as 'postgres'
    DB_PASSWORD=""
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

# module_installed DB: true when debt_recovery is installed in database DB.
module_installed() {
    "$VENV/bin/python" - "$1" <<PYEOF 2>/dev/null
import sys, psycopg2
conn = psycopg2.connect(host="$DB_HOST", port="$DB_PORT", user="$DB_USER",
                        password="$DB_PASSWORD" or None, dbname=sys.argv[1])
with conn.cursor() as cr:
    cr.execute("SELECT state FROM ir_module_module WHERE name = 'debt_recovery'")
    row = cr.fetchone()
sys.exit(0 if row and row[0] == "installed" else 1)
PYEOF
}
