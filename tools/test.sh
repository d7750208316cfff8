#!/usr/bin/env bash
# make test: a fresh database with account, then debt_recovery installed
# (which must log no warning), then pytest over debt_recovery/tests and
# tests/, then an uninstall that must log no error; last, the demo database
# (which must build without a warning) and its KPI figures checked against
# values computed by hand (debt_recovery/tests/demo).
source "$(dirname "$0")/common.sh"

DB="${TEST_DB:-debt_recovery_test}"
TEST_CONF="$RUN/odoo-test.conf"
LOGS="$RUN/test-logs"
"$ROOT/tools/conf.sh" "$TEST_CONF" "${TEST_HTTP_PORT:-8169}"
mkdir -p "$LOGS" && rm -f "$LOGS"/*.log

# Other addons on the path (not ours, not installed) may be flagged while Odoo
# refreshes its module list; that says nothing about debt_recovery.
FOREIGN='odoo.modules.module: The module [a-z0-9_]+ has an incompatible version'

check_log() {  # check_log FILE LEVELS WHAT: fail when FILE has log lines at LEVELS
    local found
    found=$(grep -E " ($2) " "$1" | grep -Ev "$FOREIGN" || true)
    if [ -n "$found" ]; then
        printf '%s\n' "$found" | head -40 >&2
        die "$3 logged $(printf '%s\n' "$found" | wc -l) line(s) at $2; full log: $1"
    fi
}

say "Fresh database $DB with account"
odoo_bin db -c "$TEST_CONF" drop "$DB" >/dev/null 2>&1 || true
odoo_bin -c "$TEST_CONF" -d "$DB" -i account --stop-after-init --logfile="$LOGS/base.log" \
    || die "creating $DB failed; see $LOGS/base.log"

say "Installing debt_recovery"
odoo_bin -c "$TEST_CONF" -d "$DB" -i debt_recovery --stop-after-init --logfile="$LOGS/install.log" \
    || die "installing debt_recovery failed; see $LOGS/install.log"
check_log "$LOGS/install.log" "WARNING|ERROR|CRITICAL" "Installing debt_recovery"

say "Installing the credit-hold bridges (Sales and Inventory with them) and the demo payment provider"
odoo_bin -c "$TEST_CONF" -d "$DB" -i sale_management,stock,debt_recovery_sale,debt_recovery_stock,payment_demo \
    --stop-after-init --logfile="$LOGS/install-bridges.log" \
    || die "installing the bridges failed; see $LOGS/install-bridges.log"
check_log "$LOGS/install-bridges.log" "WARNING|ERROR|CRITICAL" "Installing the bridges"

say "Running pytest"
set +e
PYTHONPATH="$ODOO_SRC" "$VENV/bin/pytest" -p no:cacheprovider \
    --odoo-database="$DB" --odoo-config="$TEST_CONF" --odoo-log-level=warn --odoo-http \
    "$ROOT/debt_recovery/tests" "$ROOT/debt_recovery_sale/tests" "$ROOT/debt_recovery_stock/tests" \
    "$ROOT/tests" --ignore="$ROOT/debt_recovery/tests/demo" "$@"
rc=$?
set -e

say "Upgrade keeps data: collection data through the flows, -u debt_recovery, compared"
upgrade_rc=0
PYTHONPATH="$ODOO_SRC" "$VENV/bin/python" "$ROOT/tools/upgrade_check.py" -c "$TEST_CONF" -d "$DB" make \
    && odoo_bin -c "$TEST_CONF" -d "$DB" -u debt_recovery --stop-after-init --logfile="$LOGS/upgrade.log" \
    && check_log "$LOGS/upgrade.log" "ERROR|CRITICAL" "Upgrading debt_recovery" \
    && PYTHONPATH="$ODOO_SRC" "$VENV/bin/python" "$ROOT/tools/upgrade_check.py" -c "$TEST_CONF" -d "$DB" compare \
    || upgrade_rc=1
[ "$upgrade_rc" = 0 ] || say "ERROR: the upgrade check failed"

say "Uninstalling debt_recovery"
odoo_bin module uninstall -c "$TEST_CONF" -d "$DB" debt_recovery >"$LOGS/uninstall.log" 2>&1 \
    || { tail -30 "$LOGS/uninstall.log" >&2; die "uninstalling debt_recovery failed"; }
check_log "$LOGS/uninstall.log" "ERROR|CRITICAL" "Uninstalling debt_recovery"

say "The demo database, and its KPI figures against values computed by hand"
DEMO_DB="${TEST_DEMO_DB:-debt_recovery_test_demo}"
DEMO_DB="$DEMO_DB" "$ROOT/tools/demo.sh" --reset --build-only
check_log "$RUN/demo-base.log" "WARNING|ERROR|CRITICAL" "Creating the demo database"
check_log "$RUN/demo-install.log" "WARNING|ERROR|CRITICAL" "Building the demo"
demo_rc=0
PYTHONPATH="$ODOO_SRC" "$VENV/bin/pytest" -p no:cacheprovider \
    --odoo-database="$DEMO_DB" --odoo-config="$CONF" --odoo-log-level=warn \
    "$ROOT/debt_recovery/tests/demo" || demo_rc=1

[ "$rc" = 0 ] && rc=$upgrade_rc
[ "$rc" = 0 ] && rc=$demo_rc
exit $rc
