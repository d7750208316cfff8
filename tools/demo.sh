#!/usr/bin/env bash
# make demo: a database with account + debt_recovery and its demo data, with
# Sales, Inventory and the credit-hold bridges (debt_recovery_sale, _stock),
# served on http://localhost:$HTTP_PORT. Reused when it exists; --reset rebuilds;
# --build-only builds (or updates) it and stops without serving.
# The database starts with Odoo's demo payment provider (payment_demo, which the
# demo enables for its companies) and German and French loaded from Odoo's own
# translation files (no network needed); English comes first: the first language
# loaded becomes the database's default.
source "$(dirname "$0")/common.sh"

DB="${DEMO_DB:-debt_recovery_demo}"
reset=0 build_only=0
for arg in "$@"; do
    case "$arg" in
        --reset) reset=1 ;;
        --build-only) build_only=1 ;;
        *) die "unknown option $arg (--reset, --build-only)" ;;
    esac
done
BRIDGES="sale_management,stock,debt_recovery_sale,debt_recovery_stock"
"$ROOT/tools/conf.sh" "$CONF" "$HTTP_PORT"

if [ "$reset" = 1 ] || ! module_installed "$DB"; then
    say "Building demo database $DB (account + debt_recovery and its bridges, with demo data)"
    odoo_bin db -c "$CONF" drop "$DB" >/dev/null 2>&1 || true
    rm -f "$RUN/demo-base.log" "$RUN/demo-install.log"  # Odoo appends: keep only this build's
    odoo_bin -c "$CONF" -d "$DB" -i payment_demo --load-language=en_US,de_DE,fr_FR --with-demo \
        --stop-after-init --logfile="$RUN/demo-base.log" \
        || die "creating the demo database failed; see $RUN/demo-base.log"
    odoo_bin -c "$CONF" -d "$DB" -i "debt_recovery,$BRIDGES" --with-demo --stop-after-init \
        --logfile="$RUN/demo-install.log" || die "building the demo database failed; see $RUN/demo-install.log"
    update=()
else
    # keep the demo in step with the code; a demo built before the bridges gets them
    update=(-i "$BRIDGES,payment_demo" -u debt_recovery,debt_recovery_sale,debt_recovery_stock)
fi

if [ "$build_only" = 1 ]; then
    [ ${#update[@]} -eq 0 ] || odoo_bin -c "$CONF" -d "$DB" "${update[@]}" --stop-after-init \
        --logfile="$RUN/demo-update.log" || die "updating $DB failed; see $RUN/demo-update.log"
    exit 0
fi

cat >&2 <<MSG

  debt_recovery demo is starting on  http://localhost:$HTTP_PORT
  login: admin   password: admin     (database $DB; Ctrl-C stops the server)
  clerk: collector / collector    manager: collections_manager / collections_manager
  customer (portal): customer / customer

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${update[@]}"
