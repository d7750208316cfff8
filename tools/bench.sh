#!/usr/bin/env bash
# make bench: each bench/*.py on a database with account + debt_recovery (no
# demo), created once and reused; every script prints one JSON line.
# BENCH_ONLY="reminders letters" runs only those scripts.
source "$(dirname "$0")/common.sh"

DB="${BENCH_DB:-debt_recovery_bench}"
BENCH_CONF="$RUN/odoo-bench.conf"
"$ROOT/tools/conf.sh" "$BENCH_CONF" "${BENCH_HTTP_PORT:-8269}"

if module_installed "$DB"; then
    odoo_bin -c "$BENCH_CONF" -d "$DB" -u debt_recovery --stop-after-init --logfile="$RUN/bench-install.log" \
        || die "updating $DB failed; see $RUN/bench-install.log"
else
    say "Creating benchmark database $DB"
    odoo_bin db -c "$BENCH_CONF" drop "$DB" >/dev/null 2>&1 || true
    odoo_bin -c "$BENCH_CONF" -d "$DB" -i debt_recovery --stop-after-init --logfile="$RUN/bench-install.log" \
        || die "creating $DB failed; see $RUN/bench-install.log"
fi

for script in "$ROOT"/bench/*.py; do
    name="$(basename "$script" .py)"
    [ "$name" = realdata ] && continue  # the builder, not a bench
    if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then continue; fi
    say "$(basename "$script")"
    PYTHONPATH="$ODOO_SRC" "$VENV/bin/python" "$script" -c "$BENCH_CONF" -d "$DB" "$@"
done
