-- One admission across every scope (KEYS: one base key per scope), all or nothing.
-- ARGV: tokens, cost in millionths, ticket id, concurrency lease in microseconds, then per scope
-- the seven limits (-1 where a scope has none; costs in millionths).
-- Returns {1, seconds, micros, rpm tat, tpm tat per scope...} or {0, scope, kind, rpm tat, tpm tat, budget end, seconds, micros}.
local tokens = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local ticket = ARGV[3]
local lease = tonumber(ARGV[4])
local budget_keys = {':dt:' .. day, ':mt:' .. month_id, ':dc:' .. day, ':mc:' .. month_id}
local budget_ends = {day_end, month_end, day_end, month_end}
local budget_amounts = {tokens, tokens, cost, cost}

local function fits(tat, units, limit)
  return limit > 0 and math.max(tat, now) + units * WINDOW / limit - now <= WINDOW + math.min(WINDOW / limit / 2, 1000)
end

local tats = {}
for scope = 1, #KEYS do
  local base = KEYS[scope]
  local limits = limits_of(scope, 4)
  local rpm_tat = limits[1] >= 0 and number(base .. ':rpm') or 0
  local tpm_tat = limits[2] >= 0 and number(base .. ':tpm') or 0
  tats[scope] = {rpm_tat, tpm_tat}
  local refused = 0
  local budget_end = 0
  if limits[1] >= 0 and not fits(rpm_tat, 1, limits[1]) then
    refused = 1
  elseif limits[2] >= 0 and not fits(tpm_tat, tokens, limits[2]) then
    refused = 2
  elseif limits[3] >= 0 then
    redis.call('ZREMRANGEBYSCORE', base .. ':conc', '-inf', now)
    if redis.call('ZCARD', base .. ':conc') + 1 > limits[3] then refused = 3 end
  end
  if refused == 0 then
    for budget = 1, 4 do
      local limit = limits[3 + budget]
      if limit >= 0 and number(base .. budget_keys[budget]) + budget_amounts[budget] > limit then
        refused = 3 + budget
        budget_end = budget_ends[budget]
        break
      end
    end
  end
  if refused > 0 then
    return {0, scope, refused, text(rpm_tat), text(tpm_tat), budget_end, time[1], time[2]}
  end
end

local reply = {1, time[1], time[2]}
for scope = 1, #KEYS do
  local base = KEYS[scope]
  local limits = limits_of(scope, 4)
  local rpm_tat, tpm_tat = tats[scope][1], tats[scope][2]
  if limits[1] >= 0 then
    rpm_tat = math.max(rpm_tat, now) + WINDOW / limits[1]
    redis.call('SET', base .. ':rpm', text(rpm_tat), 'PX', math.ceil((rpm_tat - now) / 1000) + 1000)
  end
  if limits[2] >= 0 then
    tpm_tat = math.max(tpm_tat, now) + tokens * WINDOW / limits[2]
    redis.call('SET', base .. ':tpm', text(tpm_tat), 'PX', math.ceil((tpm_tat - now) / 1000) + 1000)
  end
  if limits[3] >= 0 then
    redis.call('ZADD', base .. ':conc', now + lease, ticket)
    redis.call('PEXPIRE', base .. ':conc', math.ceil(lease / 1000) + 1000)
  end
  for budget = 1, 4 do
    if limits[3 + budget] >= 0 then
      local key = base .. budget_keys[budget]
      redis.call('INCRBY', key, budget_amounts[budget])
      redis.call('EXPIREAT', key, budget_ends[budget] + 3600)
    end
  end
  reply[#reply + 1] = text(rpm_tat)
  reply[#reply + 1] = text(tpm_tat)
end
return reply
