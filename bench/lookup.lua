-- wrk script: tracking lookups by phone or email of random customers of bench/LookupData.java.
local customers = tonumber(os.getenv("CUSTOMERS") or "200000")
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
  math.randomseed(os.time() + math.random(1000))
end
function request()
  local c = math.random(0, customers - 1)
  if c % 2 == 0 then
    local digits = 10000000 + (c * 7919) % 89999999
    return wrk.format("GET", "/orders?phone=%2B4479" .. digits)
  end
  return wrk.format("GET", "/orders?email=customer" .. c .. "%40example.com")
end
