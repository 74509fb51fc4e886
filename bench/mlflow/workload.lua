-- wrk script for the MLflow side-by-side benchmark (bench/mlflow/run.py drives it).
--
--   wrk -t1 -c1 -d10s --latency -s workload.lua http://127.0.0.1:PORT -- OP NONCE TOKEN MODELS RUN_ID SOURCE
--
-- OP      health | get_by_alias | get_latest | search | set_alias | create_version | create_model
-- NONCE   unique per wrk run; makes create_model names unique across runs and threads
-- TOKEN   bearer token sent as `Authorization: Bearer TOKEN`, or "-" for none (MLflow)
-- MODELS  how many pre-created models each operation spreads over (bench-m-000 … and bench-v-000 …)
-- RUN_ID  run_id sent with create_version, or "-" for none
-- SOURCE  source sent with create_version
--
-- Prints one line `RESULT {json}` from done(): requests, duration, latency percentiles (µs), socket errors and the
-- count of responses that were not 2xx (counted in response(), per thread, then summed), plus `ERROR <status> <body>`
-- lines with the first non-2xx answer each thread saw.

local API = "/api/2.0/mlflow/"
local threads = {}

-- ---------------------------------------------------------------------------------------------------------------------
-- Main state: number the threads so each one can tell its requests apart.

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Thread state.

local op, nonce, models, run_id, source
local counter = 0
non2xx = 0
statuses = ""
first_error = ""
local status_counts = {}
local cached = {}

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function model(prefix, i)
  return string.format("%s-%03d", prefix, i)
end

local function pick()
  return math.random(0, models - 1)
end

local function post(path, body)
  return wrk.format("POST", API .. path, nil, body)
end

-- The registered-model search the MLflow client sends: the caller's filter plus the prompt clause it appends.
local SEARCH = API .. "registered-models/search?filter=name+LIKE+%27bench-%25%27+AND+tag.%60mlflow.prompt.is_prompt%60+%21%3D+%27true%27&max_results=100"

function init(args)
  op = args[1]
  nonce = args[2]
  local token = args[3]
  models = tonumber(args[4])
  run_id = args[5]
  source = args[6]
  math.randomseed(os.time() * 1000 + tid * 7919 + tonumber(nonce:sub(1, 6), 16))
  if token and token ~= "-" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  if op ~= "health" and op ~= "search" and op ~= "get_by_alias" then
    wrk.headers["Content-Type"] = "application/json"
  end
  -- Reads are the same bytes every time for a given model: format them once so the generator stays cheap.
  if op == "get_by_alias" then
    for i = 0, models - 1 do
      cached[i] = wrk.format("GET", API .. "registered-models/alias?name=" .. model("bench-m", i) .. "&alias=champion")
    end
  elseif op == "get_latest" then
    for i = 0, models - 1 do
      cached[i] = post("registered-models/get-latest-versions", '{"name":' .. json_string(model("bench-m", i)) .. '}')
    end
  elseif op == "search" then
    cached[0] = wrk.format("GET", SEARCH)
  elseif op == "health" then
    cached[0] = wrk.format("GET", "/health")
  end
end

function request()
  if op == "health" or op == "search" then
    return cached[0]
  elseif op == "get_by_alias" or op == "get_latest" then
    return cached[pick()]
  elseif op == "set_alias" then
    -- Moves `champion` between version 1 and 2 of a random model (every bench-m model has both).
    return post("registered-models/alias", string.format('{"name":%s,"alias":"champion","version":"%d"}',
      json_string(model("bench-m", pick())), math.random(1, 2)))
  elseif op == "create_version" then
    local body = '{"name":' .. json_string(model("bench-v", pick())) .. ',"source":' .. json_string(source)
    if run_id ~= "-" then
      body = body .. ',"run_id":' .. json_string(run_id)
    end
    return post("model-versions/create", body .. "}")
  elseif op == "create_model" then
    counter = counter + 1
    return post("registered-models/create",
      string.format('{"name":"new-%s-%d-%d-%04x"}', nonce, tid, counter, math.random(0, 65535)))
  end
  error("unknown operation " .. tostring(op))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    status_counts[status] = (status_counts[status] or 0) + 1
    local parts = {}
    for s, n in pairs(status_counts) do
      table.insert(parts, s .. ":" .. n)
    end
    statuses = table.concat(parts, ",")
    if first_error == "" then
      first_error = status .. " " .. (body or ""):sub(1, 300):gsub("[\r\n]", " ")
    end
  end
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Main state again, after the run.

function done(summary, latency, requests)
  local total_non2xx = 0
  local all_statuses = {}
  for _, thread in ipairs(threads) do
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
    local s = thread:get("statuses") or ""
    if s ~= "" then
      table.insert(all_statuses, s)
    end
    local e = thread:get("first_error") or ""
    if e ~= "" then
      io.write("ERROR " .. e .. "\n")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,'
      .. '"max_us":%d,"non2xx":%d,"statuses":"%s","connect_errors":%d,"read_errors":%d,"write_errors":%d,'
      .. '"timeouts":%d,"wrk_status_errors":%d,"threads":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    total_non2xx, table.concat(all_statuses, ";"), e.connect, e.read, e.write, e.timeout, e.status, #threads))
end
