#!/usr/bin/env bash
# Make sure Odoo 19.0 source is at $ODOO_SRC: use it, or try a shallow clone.
source "$(dirname "$0")/common.sh"

if [ -x "$ODOO_SRC/odoo-bin" ]; then
    series=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
    [ "$series" = "$ODOO_BRANCH" ] || die "$ODOO_SRC holds Odoo $series, not $ODOO_BRANCH. Point ODOO_SRC at an Odoo $ODOO_BRANCH source tree."
    exit 0
fi

say "Odoo source not found at $ODOO_SRC; trying a shallow clone of $ODOO_REPO ($ODOO_BRANCH)"
mkdir -p "$(dirname "$ODOO_SRC")"
if git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_REPO" "$ODOO_SRC.partial" 2>"$RUN.clone.log"; then
    mv "$ODOO_SRC.partial" "$ODOO_SRC"
    rm -f "$RUN.clone.log"
    exit 0
fi
rm -rf "$ODOO_SRC.partial"
die "Could not find or clone Odoo $ODOO_BRANCH (see $RUN.clone.log).
Put an Odoo $ODOO_BRANCH Community source tree (the folder holding odoo-bin)
at $ODOO_SRC, or set ODOO_SRC=/path/to/odoo-$ODOO_BRANCH, then run make again."
