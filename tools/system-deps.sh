#!/usr/bin/env bash
# System packages the tests need: wkhtmltopdf (PDF reports), pdftotext, and
# Chromium (browser tours, README screenshots).
# Installed with apt when we are root; otherwise we say what to install.
source "$(dirname "$0")/common.sh"

missing=()
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
command -v initdb >/dev/null || [ -x /usr/lib/postgresql/15/bin/initdb ] || [ "$PG_EXTERNAL" = 1 ] \
    || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
mkdir -p "$RUN"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >"$RUN/apt.log" 2>&1 \
        || { apt-get update -qq >>"$RUN/apt.log" 2>&1 && apt-get install -y -qq "${missing[@]}" >>"$RUN/apt.log" 2>&1; } \
        || die "apt-get install ${missing[*]} failed; see $RUN/apt.log"
else
    die "Missing system packages: ${missing[*]}. Install them, e.g.: sudo apt-get install ${missing[*]}"
fi
