-- wrk script of mixed_load.py: every request picks a signed-in user at random and one
-- of four kinds: 60% a list page, 25% an event's detail, 10% a new event, 5% a join.
-- mixed_load.py writes `tokens.lua` (the access tokens, and the number of events) first.

local config = dofile(os.getenv("MIXED_LOAD_CONFIG"))
local tokens, events = config.tokens, config.events
local codes = {200, 201, 400, 401, 404, 409, 429, 500, 502, 503}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  for _, code in ipairs(codes) do
    _G["status_" .. code] = 0
  end
  status_other = 0
end

function request()
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Content-Type"] = "application/json",
  }
  local pick = math.random()
  if pick < 0.60 then
    return wrk.format("GET", "/api/v1/events/?page=" .. math.random(50), headers)
  elseif pick < 0.85 then
    return wrk.format("GET", "/api/v1/events/" .. math.random(events) .. "/", headers)
  elseif pick < 0.95 then
    local body = '{"title": "Load ' .. math.random(1000000) .. '", "date": "2031-03-0' ..
      math.random(9) .. 'T18:00:00Z", "max_participants": 50}'
    return wrk.format("POST", "/api/v1/events/", headers, body)
  end
  return wrk.format("POST", "/api/v1/events/" .. math.random(events) .. "/join/", headers)
end

function response(status, headers, body)
  local name = "status_" .. status
  if _G[name] ~= nil then
    _G[name] = _G[name] + 1
  else
    status_other = status_other + 1
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for _, code in ipairs(codes) do
      totals[code] = (totals[code] or 0) + thread:get("status_" .. code)
    end
    totals.other = (totals.other or 0) + thread:get("status_other")
  end
  io.write("STATUS")
  for _, code in ipairs(codes) do
    io.write(string.format(" %d=%d", code, totals[code]))
  end
  io.write(string.format(" other=%d\n", totals.other))
  io.write(string.format("LATENCY p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("TOTAL requests=%d seconds=%.1f errors_connect=%d errors_read=%d errors_timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read,
    summary.errors.timeout))
end
