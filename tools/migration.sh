#!/usr/bin/env bash
# Schema changes for both databases in one step. The model (TouchpointDb) is shared; each provider has its own
# migrations folder, and a change without a migration for either one fails MigrationDriftTests.
#   tools/migration.sh add NAME     add migration NAME for SQLite and for PostgreSQL
#   tools/migration.sh check        say whether either provider has model changes without a migration
#   tools/migration.sh remove       remove the last migration of both providers (only if not applied anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Touchpoint
dotnet build "$project" -c Debug -nologo -v quiet >/dev/null
ef() { dotnet ef "$@" --project "$project" --no-build --configuration Debug; }
case "${1:-}" in
  add)
    name=${2:?usage: tools/migration.sh add NAME}
    ef migrations add "$name" --context SqliteTouchpointDb --output-dir Platform/Persistence/Migrations/Sqlite
    ef migrations add "$name" --context PostgresTouchpointDb --output-dir Platform/Persistence/Migrations/Postgres
    ;;
  check)
    ef migrations has-pending-model-changes --context SqliteTouchpointDb
    ef migrations has-pending-model-changes --context PostgresTouchpointDb
    ;;
  remove)
    ef migrations remove --context SqliteTouchpointDb --force
    ef migrations remove --context PostgresTouchpointDb --force
    ;;
  *)
    sed -n 2,7p "$0"; exit 2 ;;
esac
