-- wrk script: GET /track/{token} with a random token from TOKENS (one per line) per request.
local tokens = {}
local path = os.getenv("TOKENS") or "tokens.txt"
for line in io.lines(path) do tokens[#tokens + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/track/" .. tokens[math.random(#tokens)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
