-- wrk script: POST /api/v1/analyses with a mix of new requests (a person never seen before) and
-- duplicates (one of a fixed pool of person+filing requests). Dedup exactness is checked after the
-- run against the database by intake-load.sh; here we count what was sent and every non-202.
-- With TOKENS=<file of bearer tokens, one per user> (auth mode jwt), each request carries its user's
-- token and no email: duplicates are a fixed pool of user+filing requests, new requests a filing the user
-- never asked for (a CIK from a counter).
local thread_count = 0
local threads = {}

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  duplicate_share = tonumber(os.getenv("DUPLICATE_SHARE") or "0.5")
  pool_size = tonumber(os.getenv("DUPLICATE_POOL") or "50")
  tickers = {"AAPL", "MSFT", "NVDA", "AMD", "TSLA", "BRK-B", "GOOGL", "AMZN"}
  tokens = nil
  local tokens_file = os.getenv("TOKENS")
  if tokens_file and tokens_file ~= "" then
    tokens = {}
    for line in io.lines(tokens_file) do
      table.insert(tokens, line)
    end
  end
  math.randomseed(id * 7919)
  counter = 0
  new_sent = 0
  dup_sent = 0
  not_accepted = 0
end

function request()
  if tokens then
    return token_request()
  end
  local body
  if math.random() < duplicate_share then
    local n = math.random(pool_size)
    body = string.format('{"email":"dup-%d@bench.example.com","ticker":"%s"}', n, tickers[(n % #tickers) + 1])
    dup_sent = dup_sent + 1
  else
    counter = counter + 1
    body = string.format('{"email":"new-%d-%d@bench.example.com","ticker":"AAPL"}', id, counter)
    new_sent = new_sent + 1
  end
  return wrk.format("POST", "/api/v1/analyses", {["Content-Type"] = "application/json"}, body)
end

-- Users 1..pool_size send the duplicates (user n always asks for the same filing); new requests come from
-- any user, for a CIK no one asked for before (thread id and counter make it unique).
function token_request()
  local body, token
  if math.random() < duplicate_share then
    local n = math.random(pool_size)
    token = tokens[n]
    body = string.format('{"ticker":"%s"}', tickers[(n % #tickers) + 1])
    dup_sent = dup_sent + 1
  else
    counter = counter + 1
    token = tokens[math.random(#tokens)]
    body = string.format('{"cik":"%d"}', 10000000 + id * 1000000 + counter)
    new_sent = new_sent + 1
  end
  return wrk.format("POST", "/api/v1/analyses",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
  if status ~= 202 then
    not_accepted = not_accepted + 1
  end
end

function done(summary, latency, requests)
  local bad, new_total, dup_total = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("not_accepted")
    new_total = new_total + t:get("new_sent")
    dup_total = dup_total + t:get("dup_sent")
  end
  io.write(string.format("sent: %d new, %d duplicates; not 202: %d; socket errors: %d\n", new_total, dup_total,
      bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("throughput: %.1f accepted req/s\n", (summary.requests - bad) / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
