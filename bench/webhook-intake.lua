-- wrk script for bench/webhook-intake.sh: posts pre-signed webhook bodies read from $BODIES ("signature<TAB>body" per
-- line). Thread i of n takes lines i, i+n, i+2n, ... so no two requests repeat a delivery until the file runs out.
local threads = {}
local count = tonumber(os.getenv("WRK_THREADS") or "1")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local requests = {}
local n = 0
local next_index = 0

function init(args)
  local path = os.getenv("BODIES")
  local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  local line_number = 0
  for line in file:lines() do
    if line_number % count == id then
      local signature, body = line:match("^([^\t]+)\t(.*)$")
      n = n + 1
      requests[n] = wrk.format("POST", "/webhooks/jobber",
        { ["Content-Type"] = "application/json", ["X-Jobber-Hmac-SHA256"] = signature }, body)
    end
    line_number = line_number + 1
  end
  file:close()
end

function request()
  next_index = next_index % n + 1
  return requests[next_index]
end
