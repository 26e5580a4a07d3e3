#!/bin/sh
# Runs once, when the PostgreSQL container first creates its database (docker-entrypoint-initdb.d).
# The portal's web, worker and beat connect as svd_app: an ordinary role, neither superuser nor
# BYPASSRLS, so the row-level security policies (partnerships/row_security.py) hold for every
# query they send. POSTGRES_USER owns the tables and runs the migrations.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set app_password="$SVD_APP_PASSWORD" <<'SQL'
CREATE ROLE svd_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO svd_app;
GRANT USAGE ON SCHEMA public TO svd_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO svd_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO svd_app;
SQL
