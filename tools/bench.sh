#!/usr/bin/env bash
# make bench: each bench/*.py on a database with account + debt_recovery (no
# demo), created once and reused; every script prints one JSON line.
# BENCH_ONLY="reminders letters" runs only those scripts.
# bench/peer.py runs on a database of its own with OCA's account_credit_control
# too, fetched from PyPI into .run/peer/ (never committed).
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
    [ "$name" = peer ] && continue  # below, on the peer's database
    if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then continue; fi
    say "$(basename "$script")"
    PYTHONPATH="$ODOO_SRC" "$VENV/bin/python" "$script" -c "$BENCH_CONF" -d "$DB" "$@"
done

# The peer: OCA's account_credit_control 19.0 beside debt_recovery.
if [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" peer "* ]]; then
    say "peer.py"
    PEER="$RUN/peer"
    rm -rf "$PEER/wheel"
    if ! "$VENV/bin/python" -m pip download --quiet --no-deps --dest "$PEER/wheel" \
        "odoo-addon-account_credit_control==19.0.*" >"$RUN/peer-fetch.log" 2>&1; then
        say "peer.py skipped: pip could not fetch account_credit_control (see $RUN/peer-fetch.log)"
        exit 0
    fi
    rm -rf "$PEER/site"
    "$VENV/bin/python" -m zipfile -e "$PEER"/wheel/*.whl "$PEER/site"
    PEER_DB="${BENCH_PEER_DB:-debt_recovery_peer}"
    PEER_CONF="$RUN/odoo-bench-peer.conf"
    "$ROOT/tools/conf.sh" "$PEER_CONF" "${BENCH_HTTP_PORT:-8269}"
    sed -i "s|^addons_path = |addons_path = $PEER/site/odoo/addons,|" "$PEER_CONF"
    if module_installed "$PEER_DB"; then
        odoo_bin -c "$PEER_CONF" -d "$PEER_DB" -u debt_recovery,account_credit_control \
            --stop-after-init --logfile="$RUN/bench-peer-install.log" \
            || die "updating $PEER_DB failed; see $RUN/bench-peer-install.log"
    else
        say "Creating peer database $PEER_DB"
        odoo_bin db -c "$PEER_CONF" drop "$PEER_DB" >/dev/null 2>&1 || true
        odoo_bin -c "$PEER_CONF" -d "$PEER_DB" -i debt_recovery,account_credit_control \
            --stop-after-init --logfile="$RUN/bench-peer-install.log" \
            || die "creating $PEER_DB failed; see $RUN/bench-peer-install.log"
    fi
    PYTHONPATH="$ODOO_SRC" "$VENV/bin/python" "$ROOT/bench/peer.py" -c "$PEER_CONF" -d "$PEER_DB" "$@"
fi
