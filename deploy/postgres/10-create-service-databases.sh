#!/usr/bin/env bash
# Runs once, on the first start of an empty data volume (docker-entrypoint-initdb.d).
# One database per service, each owned by its own role: a service can neither read nor
# migrate another service's tables. Passwords come from the environment (.env), never the repo.
set -euo pipefail

create() {
  local database=$1 role=$2 password=$3
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=role="$role" --set=password="$password" --set=database="$database" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
}

create users user_service "${USER_DB_PASSWORD:?}"
create products product_service "${PRODUCT_DB_PASSWORD:?}"
create orders order_service "${ORDER_DB_PASSWORD:?}"
