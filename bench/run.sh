#!/usr/bin/env bash
# Benchmarks of docs/benchmarks.md. Usage:
#   bench/run.sh [--sizes "100000 1000000"] [--duration 20] [--pg "Host=...;Username=...;Password=..."]
#                [--skip-orders] [--skip-queue] [--skip-mime] [--skip-telephony] [--skip-sla] [--conversations 1000000]
#                [--mime-messages 5000] [--agents 200] [--call-rate 200] [--sla-conversations 1000000] [--sla-open 100000]
#                [--skip-quality] [--quality-conversations 1000000] [--quality-reviews 200000]
# BENCH_PORT (default 5081) and TMPDIR choose the port and the work folder, so two runs can share a machine.
# Publishes the app (Release), then for each size: a fresh database, `seed-demo --orders SIZE` (timed),
# the tracking page under load; then event ingestion on a fresh database (--skip-orders skips both). Helpdesk:
# queues (API list and agent page) on a store with --conversations conversations (--skip-queue), and raw-MIME
# ingestion on a fresh database (--skip-mime); the ringing decision with --agents agents and 100,000 customers at
# --call-rate decisions/s (--skip-telephony); the SLA compliance report over --sla-conversations and one sweep over
# --sla-open open conversations (--skip-sla); Quality's employee report, bonus table and a review cycle's draw for
# --agents agents over --quality-conversations conversations and --quality-reviews reviews (--skip-quality). Prints a Markdown summary,
# also written to bench/results/<date>.md. Runs the app on 127.0.0.1:5081; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="100000 1000000"; DURATION=20; PG=""; CONNECTIONS=32; INGEST_ORDERS=4000
SKIP_ORDERS=""; SKIP_QUEUE=""; SKIP_MIME=""; SKIP_TELEPHONY=""; SKIP_SLA=""; AGENTS=200; CALL_RATE=200; CONVERSATIONS=1000000; MIME_MESSAGES=5000; MIME_CONNECTIONS=8
SLA_CONVERSATIONS=1000000; SLA_OPEN=100000; SKIP_QUALITY=""; QUALITY_CONVERSATIONS=1000000; QUALITY_REVIEWS=200000
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --ingest-orders) INGEST_ORDERS=$2; shift 2 ;;
    --pg) PG=$2; shift 2 ;;
    --skip-orders) SKIP_ORDERS=1; shift ;;
    --skip-queue) SKIP_QUEUE=1; shift ;;
    --skip-mime) SKIP_MIME=1; shift ;;
    --skip-telephony) SKIP_TELEPHONY=1; shift ;;
    --agents) AGENTS=$2; shift 2 ;;
    --call-rate) CALL_RATE=$2; shift 2 ;;
    --skip-sla) SKIP_SLA=1; shift ;;
    --sla-conversations) SLA_CONVERSATIONS=$2; shift 2 ;;
    --sla-open) SLA_OPEN=$2; shift 2 ;;
    --skip-quality) SKIP_QUALITY=1; shift ;;
    --quality-conversations) QUALITY_CONVERSATIONS=$2; shift 2 ;;
    --quality-reviews) QUALITY_REVIEWS=$2; shift 2 ;;
    --conversations) CONVERSATIONS=$2; shift 2 ;;
    --mime-messages) MIME_MESSAGES=$2; shift 2 ;;
    --mime-connections) MIME_CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
WORK=${TMPDIR:-/tmp}/touchpoint-bench; rm -rf "$WORK"; mkdir -p "$WORK" bench/results
PORT=${BENCH_PORT:-5081}; BASE="http://127.0.0.1:$PORT"
# Production (the published app's default) requires the public address that links in mails use.
export Touchpoint__PublicBaseUrl="$BASE"
dotnet publish src/Touchpoint -c Release -o "$WORK/app" -nologo -v quiet >/dev/null
dotnet build bench/Touchpoint.Bench -c Release -o "$WORK/bench" -nologo -v quiet >/dev/null
BENCH="dotnet $WORK/bench/Touchpoint.Bench.dll"
RESULT="bench/results/$(date -u +%Y-%m-%dT%H%M).md"
APP_PID=""
stop_app() { if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; fi; }
trap stop_app EXIT

# Per run: its own data dir and (for PostgreSQL) its own database.
setup_db() {
  export Touchpoint__DataDir="$WORK/data-$1"
  # The seeding verbs write made-up data: in Production (the published app's default) only when asked to.
  export Touchpoint__Demo__Seed=true
  if [ -n "$PG" ]; then
    export Touchpoint__Database__Provider=Postgres
    export ConnectionStrings__Touchpoint="$PG;Database=tp_bench_$1"
    PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PG") psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=[^ ]*//' <<<"$PG") dbname=postgres" \
      -q -c "DROP DATABASE IF EXISTS tp_bench_$1 WITH (FORCE)" -c "CREATE DATABASE tp_bench_$1" >/dev/null
  else
    export Touchpoint__Database__Provider=Sqlite
    unset ConnectionStrings__Touchpoint || true
  fi
}
start_app() {
  ASPNETCORE_ENVIRONMENT=Production Touchpoint__Demo__Seed=false Touchpoint__Tracking__ViewsPerMinute=0 \
  Touchpoint__Orders__RunDelaySweeper=false Touchpoint__Sla__RunSweeper=false Logging__LogLevel__Default=Warning \
    dotnet "$WORK/app/Touchpoint.dll" --urls "$BASE" > "$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 300); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "app did not start"; cat "$WORK/app-$1.log"; exit 1
}

{
  echo "## Run $(date -u '+%Y-%m-%d %H:%M UTC') — $([ -n "$PG" ] && echo PostgreSQL || echo SQLite)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load generator on the same machine; .NET $(dotnet --version)."
  echo "The delay sweeper is off during the runs (it is not part of what is measured)."
  echo
} | tee "$RESULT"

[ -n "$SKIP_ORDERS" ] && SIZES=""
for size in $SIZES; do
  setup_db "s$size"
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  t0=$(date +%s%N)
  dotnet "$WORK/app/Touchpoint.dll" seed-demo --orders "$size" >/dev/null
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "- seed-demo --orders $size: $((ms / 1000)).$(printf %03d $((ms % 1000))) s wall (process start, customers, orders, history)" | tee -a "$RESULT"
  if [ -n "$PG" ]; then $BENCH tokens --pg "$ConnectionStrings__Touchpoint" --out "$WORK/tokens-$size.txt" --limit 100000 >/dev/null
  else $BENCH tokens --db "$Touchpoint__DataDir/touchpoint.db" --out "$WORK/tokens-$size.txt" --limit 100000 >/dev/null; fi
  start_app "s$size"
  if command -v wrk >/dev/null 2>&1; then
    # wrk (C, one thread) leaves most of the 2 cores to the server; 3 s warm-up first.
    TOKENS="$WORK/tokens-$size.txt" wrk -t1 -c"$CONNECTIONS" -d3s -s bench/tracking.lua "$BASE" >/dev/null
    out=$(TOKENS="$WORK/tokens-$size.txt" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/tracking.lua "$BASE" | grep '^RESULT')
    echo "- tracking page (wrk -t1 -c$CONNECTIONS), $size orders, 100,000 random tokens, ${DURATION} s: $out" | tee -a "$RESULT"
  fi
  out=$($BENCH tracking --base "$BASE" --tokens "$WORK/tokens-$size.txt" --duration "$DURATION" --connections "$CONNECTIONS")
  echo "- tracking page (Touchpoint.Bench, $CONNECTIONS connections), $size orders, 100,000 random tokens, ${DURATION} s: $(echo "$out" | head -n 1)" | tee -a "$RESULT"
  stop_app
done

if [ -z "$SKIP_ORDERS" ]; then
setup_db ingest
dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
start_app ingest
$BENCH ingest --base "$BASE" --key "$KEY" --orders 500 --connections 32 >/dev/null   # warm-up
out=$($BENCH ingest --base "$BASE" --key "$KEY" --orders "$INGEST_ORDERS" --connections 32)
echo "- ingestion, $INGEST_ORDERS orders × 5 events, one request each, 32 connections:" | tee -a "$RESULT"
echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
stop_app
fi

# Helpdesk queues: a store with CONVERSATIONS conversations (bulk-seeded through the real state machine), then the
# API list with common filters and the agent queue page (logged in), 1, 2 and 4 connections.
if [ -z "$SKIP_QUEUE" ]; then
  setup_db queue
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  t0=$(date +%s%N)
  dotnet "$WORK/app/Touchpoint.dll" seed-demo --orders 100000 --conversations 0 --bulk-conversations "$CONVERSATIONS" >/dev/null
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "- seed-demo --orders 100000 --conversations 0 --bulk-conversations $CONVERSATIONS: $((ms / 1000)).$(printf %03d $((ms % 1000))) s wall" | tee -a "$RESULT"
  KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
  start_app queue
  out=$($BENCH queue --base "$BASE" --key "$KEY" --duration 5 --warmup 1 --connections "1 2 4")
  echo "- queues with $CONVERSATIONS conversations:" | tee -a "$RESULT"
  echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
  stop_app
fi

# Raw-MIME ingestion on a fresh database: MIME_MESSAGES distinct messages (charsets, HTML, attachments, replies).
if [ -z "$SKIP_MIME" ]; then
  setup_db mime
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
  start_app mime
  $BENCH mime --base "$BASE" --key "$KEY" --messages 500 --connections "$MIME_CONNECTIONS" >/dev/null || true   # warm-up
  out=$($BENCH mime --base "$BASE" --key "$KEY" --messages "$MIME_MESSAGES" --connections "$MIME_CONNECTIONS")
  echo "- raw-MIME ingestion, $MIME_MESSAGES messages, $MIME_CONNECTIONS connections:" | tee -a "$RESULT"
  echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
  stop_app
fi
# Telephony: 100,000 customers with phones (seed-demo makes one customer per three orders), AGENTS agents set up
# through the API, then the ringing webhook open-loop at CALL_RATE decisions/s for DURATION seconds.
if [ -z "$SKIP_TELEPHONY" ]; then
  setup_db telephony
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  dotnet "$WORK/app/Touchpoint.dll" seed-demo --orders 300000 --conversations 0 >/dev/null
  KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
  start_app telephony
  if [ -n "$PG" ]; then SOURCE=(--pg "$ConnectionStrings__Touchpoint"); else SOURCE=(--db "$Touchpoint__DataDir/touchpoint.db"); fi
  out=$($BENCH telephony --base "$BASE" --key "$KEY" "${SOURCE[@]}" --agents "$AGENTS" --rate "$CALL_RATE" --duration "$DURATION")
  echo "- telephony, ringing decisions, $AGENTS agents, 100,000 customers, $CALL_RATE/s for ${DURATION} s:" | tee -a "$RESULT"
  echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
  stop_app
fi
# SLA: a year of results for SLA_CONVERSATIONS conversations (bulk, then folded into the daily rollup), the compliance
# report per grouping; then SLA_OPEN open conversations whose clocks come due over two hours, and one sweep (in-process).
if [ -z "$SKIP_SLA" ]; then
  setup_db sla
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  echo "- SLA, $SLA_CONVERSATIONS conversations: $(dotnet "$WORK/app/Touchpoint.dll" sla-bench outcomes --conversations "$SLA_CONVERSATIONS" | tr '\n' ';')" | tee -a "$RESULT"
  KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
  start_app sla
  out=$($BENCH sla-report --base "$BASE" --key "$KEY" --requests 50)
  echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
  stop_app
  echo "- SLA sweep: $(dotnet "$WORK/app/Touchpoint.dll" sla-bench open --conversations "$SLA_OPEN")" | tee -a "$RESULT"
  echo "  $(Touchpoint__Sla__RunSweeper=false dotnet "$WORK/app/Touchpoint.dll" sla-bench sweep)" | tee -a "$RESULT"
fi
# Quality: AGENTS more agents, QUALITY_CONVERSATIONS bulk conversations spread over them and the demo team (two
# years), QUALITY_REVIEWS reviews of resolved ones on the support scorecard; then the reports and the draw.
if [ -z "$SKIP_QUALITY" ]; then
  setup_db quality
  dotnet "$WORK/app/Touchpoint.dll" migrate >/dev/null
  t0=$(date +%s%N)
  dotnet "$WORK/app/Touchpoint.dll" seed-demo --orders 100000 --conversations 0 --bulk-agents "$AGENTS" \
    --bulk-conversations "$QUALITY_CONVERSATIONS" --bulk-reviews "$QUALITY_REVIEWS" | grep -E "^Seeded" | tr '\n' ';' | sed 's/^/- /' | tee -a "$RESULT"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo " ($((ms / 1000)) s wall)" | tee -a "$RESULT"
  KEY=$(dotnet "$WORK/app/Touchpoint.dll" apikey create --name bench | tail -n 1)
  Touchpoint__Quality__RunDrawer=false start_app quality
  out=$($BENCH quality --base "$BASE" --key "$KEY" --requests 50 --agents "$AGENTS")
  echo "$out" | sed 's/^/  /' | tee -a "$RESULT"
  stop_app
fi
echo "Summary written to $RESULT"
