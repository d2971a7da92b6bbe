-- wrk script for benchmarks/signup.py: every request is one person's POST .../join/,
-- each with an access token of its own (read from the file named by SIGNUP_TOKENS),
-- spread over wrk's threads so that no two requests reuse one until all are used.

local tokens = {}
for line in io.lines(os.getenv("SIGNUP_TOKENS")) do
  tokens[#tokens + 1] = line
end

local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  threads[#threads + 1] = thread
end

accepted = 0
function response(status, headers, body)
  if status == 200 then
    accepted = accepted + 1
  end
end

local sent = 0
function request()
  local n = sent * tonumber(os.getenv("SIGNUP_THREADS")) + offset
  sent = sent + 1
  local token = tokens[(n % #tokens) + 1]
  return wrk.format("POST", nil, { ["Authorization"] = "Bearer " .. token }, "")
end

function done(summary, latency, requests)
  local ok = 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
  end
  io.write(string.format(
    "WRK {\"requests\": %d, \"duration_us\": %d, \"accepted\": %d, \"non_2xx\": %d, " ..
    "\"socket_errors\": %d, \"p50_ms\": %.2f, \"p99_ms\": %.2f}\n",
    summary.requests, summary.duration, ok, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
