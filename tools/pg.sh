#!/usr/bin/env bash
# start | stop | status of the project-local PostgreSQL cluster (.run/pgdata).
# Does nothing when PGHOST/PGPORT point at an existing server.
source "$(dirname "$0")/common.sh"

[ "$PG_EXTERNAL" = 1 ] && exit 0

pgbin="$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || echo /usr/lib/postgresql/15/bin/initdb)")")"
[ -x "$pgbin/pg_ctl" ] || die "PostgreSQL server binaries not found (initdb/pg_ctl). Install PostgreSQL >= 13."

# PostgreSQL will not run as root: run it as the 'postgres' system user then.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() { as_pg "$pgbin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

case "${1:-start}" in
start)
    mkdir -p "$RUN" "$DB_HOST"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$DB_HOST"
        chmod 755 "$RUN"
    fi
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "Creating a PostgreSQL cluster in $PGDATA_DIR"
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
        as_pg "$pgbin/initdb" -D "$PGDATA_DIR" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$RUN/initdb.log" \
            || die "initdb failed; see $RUN/initdb.log"
    fi
    running && exit 0
    as_pg "$pgbin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -k $DB_HOST -p $DB_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        >/dev/null || die "PostgreSQL did not start; see $PGDATA_DIR/server.log"
    ;;
stop)
    if [ -f "$PGDATA_DIR/PG_VERSION" ] && running; then
        as_pg "$pgbin/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        say "PostgreSQL stopped"
    fi
    ;;
status)
    running && echo "running (socket in $DB_HOST)" || echo "stopped"
    ;;
*) die "usage: $0 start|stop|status" ;;
esac
