-- Shared head of the quota scripts (prepended by RedisScripts). Time is Redis's own (TIME), so
-- every replica sees the same clock. Budgets count per UTC day and UTC month.
local time = redis.call('TIME')
local seconds = tonumber(time[1])
local now = seconds * 1000000 + tonumber(time[2])
local WINDOW = 60000000
local LIMITS = 7 -- per scope: rpm, tpm, concurrent, daily_tokens, monthly_tokens, daily_cost, monthly_cost

-- Days since 1970-01-01 to (year, month) and back, after H. Hinnant's civil calendar algorithms.
local function civil(days)
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local month = mp < 10 and mp + 3 or mp - 9
  local year = yoe + era * 400
  if month <= 2 then year = year + 1 end
  return year, month
end

local function first_of_month(year, month)
  if month <= 2 then year = year - 1 end
  local era = math.floor(year / 400)
  local yoe = year - era * 400
  local mp = month > 2 and month - 3 or month + 9
  local doy = math.floor((153 * mp + 2) / 5)
  return era * 146097 + yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy - 719468
end

local day = math.floor(seconds / 86400)
local year, month = civil(day)
local month_id = year * 12 + month - 1
local day_end = (day + 1) * 86400
local next_year, next_month = year, month + 1
if next_month > 12 then next_year, next_month = year + 1, 1 end
local month_end = first_of_month(next_year, next_month) * 86400

local function number(key)
  local value = redis.call('GET', key)
  return value and tonumber(value) or 0
end

local function limits_of(scope, first)
  local base = first + (scope - 1) * LIMITS
  local limits = {}
  for kind = 1, LIMITS do limits[kind] = tonumber(ARGV[base + kind]) end
  return limits
end

local function text(value)
  return string.format('%.3f', value)
end
