-- wrk script for bench/run.sh: POSTs a realistic chat request with an access key.
-- Environment: BENCH_MODEL (model id to send), BENCH_STREAM (1 for "stream": true),
-- BENCH_REQUEST (path of the request template), BENCH_KEY (access key).
-- At the end it prints one line "RESULT key=value ..." that run.sh reads.
local template = assert(io.open(os.getenv("BENCH_REQUEST") or "bench/mock/request.json")):read("*a")
local model = os.getenv("BENCH_MODEL") or "mockjson/gpt-4o-mini"
local body = template:gsub('"model": "MODEL"', '"model": "' .. model .. '"', 1):gsub("%s+$", "")
if os.getenv("BENCH_STREAM") == "1" then
  body = body:gsub("}$", ', "stream": true, "stream_options": {"include_usage": true}}')
end

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "sk-bench")

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes_per_req=%.0f "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests > 0 and summary.bytes / summary.requests or 0,
    e.status, e.connect, e.read, e.write, e.timeout))
end
