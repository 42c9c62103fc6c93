#!/usr/bin/env bash
# Make sure a PostgreSQL server runs on this machine with a role and database for the tests, and write
# the URL to .pg-test-url. Installs and starts the local cluster if needed. Under CI a PostgreSQL that
# cannot be had is a failure; elsewhere the PostgreSQL run is skipped with a warning.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -f .pg-test-url
URL="${PG_TEST_URL:-postgresql+psycopg://pactplatform:pactplatform@127.0.0.1:5432/pactplatform_test}"

fail() {
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL: $1 (a failure under CI)" >&2; exit 1; fi
  echo "WARNING: PostgreSQL: $1; the PostgreSQL run is skipped." >&2; exit 0
}

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null \
    || fail "could not install the server"
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    $SUDO pg_createcluster "$version" main >/dev/null || fail "could not create a cluster"
  fi
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  $SUDO pg_ctlcluster --skip-systemctl-redirect $cluster start || fail "could not start the cluster ($cluster)"
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || fail "the server does not answer on 127.0.0.1:5432"
fi

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<'SQL' || fail "could not create the test role"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pactplatform') THEN
    CREATE ROLE pactplatform LOGIN PASSWORD 'pactplatform' CREATEDB;
  END IF;
END $$;
SQL
if ! as_postgres psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'pactplatform_test'" | grep -q 1; then
  as_postgres createdb -O pactplatform pactplatform_test || fail "could not create the test database"
fi
echo "$URL" > .pg-test-url
echo "PostgreSQL ready for the tests."
