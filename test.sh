#!/usr/bin/env bash
# Runs every test of Touchpoint on a fresh Debian machine with only the .NET SDK:
#  1. installs what the tests need when it is missing (PostgreSQL, postfix + dovecot, Chromium) — as root;
#  2. starts those servers on 127.0.0.1 in a private state folder;
#  3. builds and runs all tests (SQLite and PostgreSQL, real SMTP/IMAP, Playwright in Chromium);
#  4. stops what it started, and ends with the line "N passed, N failed".
# Arguments go to `dotnet test` (e.g. ./test.sh --filter-class "*OrdersApi*").
# TOUCHPOINT_SKIP_DOTNET=1 only installs and starts the servers, then stops them (for checking this script).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
STATE="${TMPDIR:-/tmp}/touchpoint-test-svc"
PGPORT=55432
export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

t0=$(date +%s)
phase() { echo "== $1 ($(( $(date +%s) - t0 )) s)"; }

# ---------- 1. packages ----------
phase "checking packages"
need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/postfix ] || need+=(postfix)
[ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    phase "installing ${need[*]}"
    debconf-set-selections <<'D'
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string localhost
D
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing: ${need[*]}. Install them (sudo apt-get install ${need[*]}) or run as root; the tests that need them will be skipped."
  fi
fi

# ---------- 2. servers ----------
started=()
cleanup() {
  set +e
  for s in "${started[@]}"; do
    case $s in
      pg) runuser -u postgres -- "$PGBIN/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 ;;
      postfix) postfix stop >/dev/null 2>&1 ;;
      dovecot) dovecot stop >/dev/null 2>&1 ;;
    esac
  done
}
trap cleanup EXIT

if [ "$(id -u)" = 0 ]; then
  rm -rf "$STATE"; mkdir -p "$STATE"
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
    phase "starting PostgreSQL on 127.0.0.1:$PGPORT"
    mkdir -p "$STATE/pg" "$STATE/pgsock"; chown postgres:postgres "$STATE/pg" "$STATE/pgsock"
    runuser -u postgres -- "$PGBIN/initdb" -D "$STATE/pg" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$STATE/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    started+=(pg)
    # pg_signal_backend: the tests drop their databases WITH (FORCE), which must also end an autovacuum worker in them.
    runuser -u postgres -- psql -h "$STATE/pgsock" -p $PGPORT -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE touchpoint LOGIN PASSWORD 'touchpoint' CREATEDB" -c "GRANT pg_signal_backend TO touchpoint" -c "CREATE DATABASE touchpoint OWNER touchpoint"
    export TOUCHPOINT_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Database=touchpoint;Username=touchpoint;Password=touchpoint"
  fi

  if [ -x /usr/sbin/postfix ] && [ -x /usr/sbin/dovecot ]; then
    phase "starting postfix (127.0.0.1:25) and dovecot (127.0.0.1:143)"
    # mailtest: receives the store's notifications; mailsupport: the support mailbox Touchpoint reads over IMAP;
    # mailcust: a customer who writes to support and gets the replies. Password = user name.
    for u in mailtest mailsupport mailcust; do
      id $u >/dev/null 2>&1 || useradd -m -s /usr/sbin/nologin $u
      echo "$u:$u" | chpasswd
      rm -rf /home/$u/mail /home/$u/Maildir
    done
    # Maildir, not mbox: delivery and several IMAP sessions on one mailbox never wait on each other's locks.
    printf 'listen = 127.0.0.1\nmail_location = maildir:~/Maildir\n' > /etc/dovecot/local.conf
    postconf -e maillog_file=/var/log/postfix.log inet_interfaces=loopback-only 'mydestination=localhost, localhost.localdomain, $myhostname' home_mailbox=Maildir/
    postfix stop >/dev/null 2>&1 || true
    dovecot stop >/dev/null 2>&1 || true
    sleep 0.5
    postfix start >/dev/null 2>&1; started+=(postfix)
    dovecot; started+=(dovecot)
    for p in 25 143; do
      for _ in $(seq 100); do
        if command -v ss >/dev/null 2>&1; then ss -ltn | grep -q "127.0.0.1:$p " && break
        else (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; fi
        sleep 0.1
      done
    done
    export TOUCHPOINT_TEST_SMTP_HOST=127.0.0.1 TOUCHPOINT_TEST_SMTP_PORT=25
    export TOUCHPOINT_TEST_IMAP_HOST=127.0.0.1 TOUCHPOINT_TEST_IMAP_PORT=143
    export TOUCHPOINT_TEST_IMAP_USER=mailtest TOUCHPOINT_TEST_IMAP_PASSWORD=mailtest TOUCHPOINT_TEST_MAIL_TO=mailtest@localhost
  fi
else
  echo "Not root: not starting PostgreSQL or mail servers; set TOUCHPOINT_TEST_PG / TOUCHPOINT_TEST_SMTP_HOST / TOUCHPOINT_TEST_IMAP_HOST to use your own."
fi
command -v chromium >/dev/null 2>&1 && export TOUCHPOINT_TEST_CHROMIUM=$(command -v chromium)

if [ "${TOUCHPOINT_SKIP_DOTNET:-}" = 1 ]; then
  phase "servers up; TOUCHPOINT_SKIP_DOTNET=1, stopping"
  exit 0
fi

# ---------- 3. build and test ----------
phase "building"
dotnet tool restore >/dev/null
dotnet build Touchpoint.slnx -c Release -warnaserror -nologo -v quiet
phase "testing"
mkdir -p "$ROOT/artifacts"
LOG="$ROOT/artifacts/test.log"
set +e
dotnet test --solution Touchpoint.slnx -c Release --no-build "$@" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
sum() { grep -oP "^\s*$1:\s*\K\d+" "$LOG" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum succeeded); failed=$(sum failed); skipped=$(sum skipped)
phase "done"
if [ "$failed" -gt 0 ]; then
  # The log above is long (server logs of the tests); repeat each failure here so the end of the output names it.
  echo "Failed tests (whole output in artifacts/test.log):"
  awk '/^failed /{n=12} n>0{print "  " $0; n--}' "$LOG"
fi
if [ "$passed" -eq 0 ] && [ "$rc" -eq 0 ]; then
  echo "No test ran."; rc=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$rc"
