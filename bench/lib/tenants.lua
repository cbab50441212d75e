-- wrk script for the tenants benchmark: POST SendEvent1 to a different tenant on every request,
-- each signed with its tenant's token, with a unique bhid, and count answers that are not
-- 200 {"outcome":"sent"}. Reads BENCH_TARGETS (one "path<TAB>token" per line), BENCH_BODY (two
-- lines: the JSON before and after the bhid), BENCH_RUN (a bhid prefix) and BENCH_PACE_MS.
local paths, tokens = {}, {}
for line in io.lines(os.getenv("BENCH_TARGETS")) do
  local path, token = line:match("^(%S+)\t(%S+)$")
  if path then
    paths[#paths + 1] = path
    tokens[#tokens + 1] = token
  end
end
local parts = {}
for line in io.lines(os.getenv("BENCH_BODY")) do parts[#parts + 1] = line end
local before, after = parts[1], parts[2]
local run = os.getenv("BENCH_RUN") or "run"
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")
if pace then
  function delay() return pace end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local counter = 0
bad = 0
local headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local i = (counter % #paths) + 1
  headers["Authorization"] = "Bearer " .. tokens[i]
  local body = before .. run .. "-" .. id .. "-" .. counter .. after
  return wrk.format("POST", paths[i], headers, body)
end

function response(status, hdrs, body)
  if status ~= 200 or not string.find(body, '"sent"', 1, true) then bad = bad + 1 end
end

-- The tail as a percentile grid (90 to 99.9 in steps of 0.1, then 99.95, 99.99, 100), so runs
-- can be pooled: wrk gives no raw latencies to a script.
local function tail(latency)
  local cells = {}
  for tenth = 900, 999 do
    cells[#cells + 1] = string.format("[%.1f,%d]", tenth / 10, latency:percentile(tenth / 10))
  end
  cells[#cells + 1] = string.format("[99.95,%d]", latency:percentile(99.95))
  cells[#cells + 1] = string.format("[99.99,%d]", latency:percentile(99.99))
  cells[#cells + 1] = string.format("[100,%d]", latency.max)
  return "[" .. table.concat(cells, ",") .. "]"
end

function done(summary, latency, requests)
  local notSent = 0
  for _, t in ipairs(threads) do notSent = notSent + t:get("bad") end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%f,' ..
    '"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"non2xx":%d,"notSent":%d,' ..
    '"tail":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status, notSent, tail(latency)))
end
