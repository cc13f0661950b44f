-- wrk script: POSTs seed 001's collection sample with a fresh third_party_order_reference each time,
-- so every request is a new order (a repeated reference would only hit the idempotent retry path).
local template = [[
{"type": "collection-by-customer", "posLocationId": "BBBBBBBBB",
 "collector": {"first_name": "John", "last_name": "Smith", "phone_number": "+447910575785"},
 "items": [{"name": "Fish and Chips", "description": "The tastiest Fish in the whole world", "plu": "11212121",
            "price": 750, "children": [{"name": "Extra Sauce", "description": "The greatest sauce in the world",
                                        "plu": "11211", "price": 150, "children": []}]}],
 "created_at": "1553495441", "channel": {"name": "SkipTheDishes", "id": 123}, "collect_at": "1553495441",
 "collection_notes": "Notes about the collection", "kitchen_notes": "Notes for the kitchen",
 "third_party_order_reference": "REF", "total": 900, "payment_method": "CARD", "tender_type": "SKIP",
 "payment": {"items_in_cart": {"inc_tax": 1017, "tax": 117}, "final": {"inc_tax": 1117, "tax": 117},
             "adjustments": [{"name": "delivery fee", "price": {"inc_tax": 100, "tax": 0}}]}}
]]
local threads = {}
local counter = 0
prefix = "B" -- a global: setup() gives each thread its own through thread:set

function setup(thread)
  -- BENCH_PREFIX keeps references apart when several wrk processes run at once (bench/cluster-ingest.sh)
  thread:set("prefix", (os.getenv("BENCH_PREFIX") or "B") .. tostring(#threads) .. "-" .. tostring(os.time()))
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("FLYT_TOKEN")
end

function request()
  counter = counter + 1
  local body = template:gsub("\"REF\"", "\"" .. prefix .. "-" .. counter .. "\"")
  return wrk.format(nil, wrk.path, nil, body)
end

-- non-200 answers, reported by status and first body at the end
bad = ""
function response(status, headers, body)
  if status ~= 200 and #bad < 2000 then
    bad = bad .. status .. ":" .. body:sub(1, 120) .. "\n"
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local b = thread:get("bad")
    if b and #b > 0 then io.write("non-200 answers:\n" .. b) end
  end
end
