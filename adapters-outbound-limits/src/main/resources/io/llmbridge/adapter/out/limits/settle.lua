-- Replaces one admission's reservation by the real usage and frees its concurrency slots.
-- ARGV: extra tokens, extra cost in millionths (both negative when less was used than reserved),
-- ticket id, the day and month the admission was counted in, their ends (seconds), then per
-- scope the seven limits as for admit.
local extra_tokens = tonumber(ARGV[1])
local extra_cost = tonumber(ARGV[2])
local ticket = ARGV[3]
local budget_keys = {':dt:' .. ARGV[4], ':mt:' .. ARGV[5], ':dc:' .. ARGV[4], ':mc:' .. ARGV[5]}
local budget_ends = {tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local budget_amounts = {extra_tokens, extra_tokens, extra_cost, extra_cost}

for scope = 1, #KEYS do
  local base = KEYS[scope]
  local limits = limits_of(scope, 7)
  if limits[2] > 0 and extra_tokens ~= 0 then
    local key = base .. ':tpm'
    local tat = number(key)
    if extra_tokens > 0 then tat = math.max(tat, now) end
    tat = tat + extra_tokens * WINDOW / limits[2]
    if tat > now then
      redis.call('SET', key, text(tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
    else
      redis.call('DEL', key)
    end
  end
  if limits[3] >= 0 then
    redis.call('ZREM', base .. ':conc', ticket)
  end
  for budget = 1, 4 do
    local amount = budget_amounts[budget]
    if limits[3 + budget] >= 0 and amount ~= 0 then
      local key = base .. budget_keys[budget]
      if redis.call('INCRBY', key, amount) < 0 then redis.call('SET', key, 0) end
      redis.call('EXPIREAT', key, budget_ends[budget] + 3600)
    end
  end
end
return 1
