-- Reads every limit of the given scopes, changing nothing but expired concurrency leases.
-- ARGV: per scope the seven limits as for admit (the first ARGV slot is unused).
-- Returns {seconds, micros, day_end, month_end, then per scope: rpm tat, tpm tat, in flight, daily tokens, monthly tokens, daily cost, monthly cost}.
local reply = {time[1], time[2], day_end, month_end}
for scope = 1, #KEYS do
  local base = KEYS[scope]
  redis.call('ZREMRANGEBYSCORE', base .. ':conc', '-inf', now)
  reply[#reply + 1] = text(number(base .. ':rpm'))
  reply[#reply + 1] = text(number(base .. ':tpm'))
  reply[#reply + 1] = redis.call('ZCARD', base .. ':conc')
  reply[#reply + 1] = number(base .. ':dt:' .. day)
  reply[#reply + 1] = number(base .. ':mt:' .. month_id)
  reply[#reply + 1] = number(base .. ':dc:' .. day)
  reply[#reply + 1] = number(base .. ':mc:' .. month_id)
end
return reply
