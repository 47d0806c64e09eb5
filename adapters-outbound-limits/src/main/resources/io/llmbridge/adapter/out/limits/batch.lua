-- A batch of settlements and admissions, all or nothing for each admission across its scopes, run
-- in the order sent with the outcome of running each on its own: every key is read at most once,
-- kept in tables while the batch runs, and written back once at its end.
-- ARGV: the concurrency lease in microseconds; the number of scope entries, then each entry as the
-- index of its key in KEYS and its seven limits (-1 where a scope has none; costs in millionths);
-- then the operations, each followed by how many entries it has and their numbers:
--   'S', extra tokens, extra cost in millionths (both negative when less was used than reserved),
--        requests given back, the day and month the admissions were counted in, their ends
--        (seconds), how many tickets and the tickets (concurrency slots to free), entries: the
--        settlement of one or more admissions (their sums), or a credit given back
--   'A', tokens, cost in millionths, ticket, entries, then per entry how many more admissions'
--        worth of credit the replica asks for (0: none)
-- Returns one reply per admission, in order: {1, seconds, micros, then per scope how far its rpm
-- and tpm schedules run ahead of now, in nanoseconds, then per scope the credit granted: the
-- admissions' worth and the concurrency slots ('<ticket>:c<scope>:<n>')} or {0, scope, kind,
-- rpm ahead, tpm ahead, budget end, seconds, micros}.
-- Credit is granted for a scope only while it stays far from every limit the scope has: after
-- the grant each is at most half used, the grant is at most a tenth of each, and it is worth at
-- least MIN_GRANT admissions; otherwise none, and that scope's admissions stay exact.
local lease = tonumber(ARGV[1])
local MIN_GRANT = 4
local MOST_SLOTS = 32
local budget_names = {':dt:', ':mt:', ':dc:', ':mc:'}
local today = {tostring(day), tostring(month_id), tostring(day), tostring(month_id)}
local today_ends = {day_end, month_end, day_end, month_end}

local entries = {}
for entry = 1, tonumber(ARGV[2]) do
  local at = 3 + (entry - 1) * (LIMITS + 1)
  local limits = {}
  for kind = 1, LIMITS do limits[kind] = tonumber(ARGV[at + kind]) end
  local base = KEYS[tonumber(ARGV[at])]
  local budgets = {}
  for budget = 1, 4 do budgets[budget] = base .. budget_names[budget] .. today[budget] end
  entries[entry] = {base = base, limits = limits, rpm = base .. ':rpm', tpm = base .. ':tpm',
                    conc = base .. ':conc', budgets = budgets}
end

-- GCRA theoretical arrival times, per key: {tat, dirty}.
local rates = {}
local function rate(key)
  local state = rates[key]
  if not state then
    state = {tat = number(key), dirty = false}
    rates[key] = state
  end
  return state
end

-- Budget counters, per key: {value (read when first needed), delta, end of period}.
local counters = {}
local function counter(key, ends)
  local state = counters[key]
  if not state then
    state = {delta = 0, ends = ends}
    counters[key] = state
  end
  return state
end

-- Concurrency leases, per key: tickets to remove and to add; the count once it is needed.
local leases = {}
local function lease_set(key)
  local state = leases[key]
  if not state then
    state = {removals = {}, additions = {}}
    leases[key] = state
  end
  return state
end
local function remove_settled(key, state)
  if #state.removals > 0 then
    local removed = redis.call('ZREM', key, unpack(state.removals))
    if state.count then state.count = state.count - removed end
    state.removals = {}
  end
end
local function in_flight(key, limit)
  local state = lease_set(key)
  remove_settled(key, state)
  if not state.count then state.count = redis.call('ZCARD', key) end
  if state.count + 1 > limit and not state.swept then
    -- leases of replicas that died without settling: dropped only when they could refuse someone
    state.count = state.count - redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    state.swept = true
  end
  return state.count
end

local function fits(tat, units, limit)
  return limit > 0 and math.max(tat, now) + units * WINDOW / limit - now <= WINDOW + math.min(WINDOW / limit / 2, 1000)
end

local function ahead(tat)
  return tat > now and math.floor((tat - now) * 1000) or 0
end

local function refusal(scopes, tokens, cost)
  for scope, entry in ipairs(scopes) do
    local limits = entry.limits
    local rpm_tat = limits[1] >= 0 and rate(entry.rpm).tat or 0
    local tpm_tat = limits[2] >= 0 and rate(entry.tpm).tat or 0
    local refused, budget_end = 0, 0
    if limits[1] >= 0 and not fits(rpm_tat, 1, limits[1]) then
      refused = 1
    elseif limits[2] >= 0 and not fits(tpm_tat, tokens, limits[2]) then
      refused = 2
    elseif limits[3] >= 0 and in_flight(entry.conc, limits[3]) + 1 > limits[3] then
      refused = 3
    else
      for budget = 1, 4 do
        local limit = limits[3 + budget]
        if limit >= 0 then
          local state = counter(entry.budgets[budget], today_ends[budget])
          if state.value == nil then state.value = number(entry.budgets[budget]) end
          if state.value + state.delta + (budget <= 2 and tokens or cost) > limit then
            refused, budget_end = 3 + budget, today_ends[budget]
            break
          end
        end
      end
    end
    if refused > 0 then
      return {0, scope, refused, ahead(rpm_tat), ahead(tpm_tat), budget_end, time[1], time[2]}
    end
  end
  return nil
end

-- Takes up to `wanted` more admissions' worth of every limit of the scope (and up to MOST_SLOTS
-- concurrency slots, members named `slot_prefix` .. n) when the scope stays far from each of
-- them; returns how many admissions' worth and how many slots were taken.
local function grant(entry, wanted, tokens, cost, slot_prefix)
  if wanted < MIN_GRANT then return 0, 0 end
  local limits = entry.limits
  local worth = wanted
  local function at_most(room, unit, limit)
    if unit > 0 then worth = math.min(worth, math.floor(room / unit), math.floor(limit / 10 / unit)) end
  end
  if limits[1] >= 0 then
    local unit = WINDOW / math.max(limits[1], 1)
    at_most(WINDOW / 2 - (math.max(rate(entry.rpm).tat, now) - now), unit, WINDOW)
  end
  if limits[2] >= 0 then
    local unit = tokens * WINDOW / math.max(limits[2], 1)
    at_most(WINDOW / 2 - (math.max(rate(entry.tpm).tat, now) - now), unit, WINDOW)
  end
  for budget = 1, 4 do
    local limit = limits[3 + budget]
    if limit >= 0 then
      local state = counters[entry.budgets[budget]]
      at_most(limit / 2 - (state.value + state.delta), budget <= 2 and tokens or cost, limit)
    end
  end
  local slots = 0
  if limits[3] >= 0 then
    local state = leases[entry.conc]
    slots = math.min(MOST_SLOTS, math.floor(limits[3] / 10), math.floor(limits[3] / 2) - state.count)
    if slots < 2 then return 0, 0 end
  end
  if worth < MIN_GRANT then return 0, 0 end
  if limits[1] >= 0 then
    local state = rate(entry.rpm)
    state.tat = state.tat + worth * WINDOW / limits[1]
  end
  if limits[2] >= 0 then
    local state = rate(entry.tpm)
    state.tat = state.tat + worth * tokens * WINDOW / limits[2]
  end
  for budget = 1, 4 do
    if limits[3 + budget] >= 0 then
      local state = counters[entry.budgets[budget]]
      state.delta = state.delta + worth * (budget <= 2 and tokens or cost)
    end
  end
  if slots > 0 then
    local state = leases[entry.conc]
    state.count = state.count + slots
    for slot = 1, slots do
      state.additions[#state.additions + 1] = now + lease
      state.additions[#state.additions + 1] = slot_prefix .. slot
    end
  end
  return worth, slots
end

local function admit(tokens, cost, ticket, scopes, wants)
  local refused = refusal(scopes, tokens, cost)
  if refused then return refused end
  local reply = {1, time[1], time[2]}
  for _, entry in ipairs(scopes) do
    local limits = entry.limits
    local rpm_ahead, tpm_ahead = 0, 0
    if limits[1] >= 0 then
      local state = rate(entry.rpm)
      state.tat, state.dirty = math.max(state.tat, now) + WINDOW / limits[1], true
      rpm_ahead = ahead(state.tat)
    end
    if limits[2] >= 0 then
      local state = rate(entry.tpm)
      state.tat, state.dirty = math.max(state.tat, now) + tokens * WINDOW / limits[2], true
      tpm_ahead = ahead(state.tat)
    end
    if limits[3] >= 0 then
      local state = leases[entry.conc]
      state.count = state.count + 1
      state.additions[#state.additions + 1] = now + lease
      state.additions[#state.additions + 1] = ticket
    end
    for budget = 1, 4 do
      if limits[3 + budget] >= 0 then
        local state = counters[entry.budgets[budget]]
        state.delta = state.delta + (budget <= 2 and tokens or cost)
      end
    end
    reply[#reply + 1] = rpm_ahead
    reply[#reply + 1] = tpm_ahead
  end
  for scope, entry in ipairs(scopes) do
    local granted, slots = grant(entry, wants[scope], tokens, cost, ticket .. ':c' .. scope .. ':')
    reply[#reply + 1] = granted
    reply[#reply + 1] = slots
  end
  return reply
end

local function settle(extra_tokens, extra_cost, requests_back, tickets, counted_in, ends, scopes)
  local same_periods = counted_in[1] == today[1] and counted_in[2] == today[2]
  for _, entry in ipairs(scopes) do
    local limits = entry.limits
    if limits[1] > 0 and requests_back > 0 then
      local state = rate(entry.rpm)
      state.tat, state.dirty = state.tat - requests_back * WINDOW / limits[1], true
    end
    if limits[2] > 0 and extra_tokens ~= 0 then
      local state = rate(entry.tpm)
      local tat = state.tat
      if extra_tokens > 0 then tat = math.max(tat, now) end
      state.tat, state.dirty = tat + extra_tokens * WINDOW / limits[2], true
    end
    if limits[3] >= 0 then
      local removals = lease_set(entry.conc).removals
      for _, ticket in ipairs(tickets) do removals[#removals + 1] = ticket end
    end
    for budget = 1, 4 do
      local amount = budget <= 2 and extra_tokens or extra_cost
      if limits[3 + budget] >= 0 and amount ~= 0 then
        local key = same_periods and entry.budgets[budget] or entry.base .. budget_names[budget] .. counted_in[budget]
        local state = counter(key, ends[budget])
        state.delta = state.delta + amount
      end
    end
  end
end

local function scopes_at(at)
  local scopes = {}
  for scope = 1, tonumber(ARGV[at]) do scopes[scope] = entries[tonumber(ARGV[at + scope])] end
  return scopes, at + 1 + #scopes
end

local replies = {}
local at = 3 + #entries * (LIMITS + 1)
while at <= #ARGV do
  if ARGV[at] == 'A' then
    local scopes, wants_at = scopes_at(at + 4)
    local wants = {}
    for scope = 1, #scopes do wants[scope] = tonumber(ARGV[wants_at + scope - 1]) end
    replies[#replies + 1] = admit(tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), ARGV[at + 3], scopes, wants)
    at = wants_at + #scopes
  else
    local day_of, month_of = ARGV[at + 4], ARGV[at + 5]
    local day_ends, month_ends = tonumber(ARGV[at + 6]), tonumber(ARGV[at + 7])
    local tickets = {}
    for ticket = 1, tonumber(ARGV[at + 8]) do tickets[ticket] = ARGV[at + 8 + ticket] end
    local scopes, next_at = scopes_at(at + 9 + #tickets)
    settle(tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3]), tickets,
      {day_of, month_of, day_of, month_of}, {day_ends, month_ends, day_ends, month_ends}, scopes)
    at = next_at
  end
end

for key, state in pairs(rates) do
  if state.dirty then
    if state.tat > now then
      redis.call('SET', key, text(state.tat), 'PX', math.ceil((state.tat - now) / 1000) + 1000)
    else
      redis.call('DEL', key)
    end
  end
end
for key, state in pairs(leases) do
  remove_settled(key, state)
  if #state.additions > 0 then
    redis.call('ZADD', key, unpack(state.additions))
    redis.call('PEXPIRE', key, math.ceil(lease / 1000) + 1000)
  end
end
for key, state in pairs(counters) do
  if state.delta ~= 0 then
    if redis.call('INCRBY', key, state.delta) < 0 then redis.call('SET', key, 0) end
    redis.call('EXPIREAT', key, state.ends + 3600)
  end
end
return replies
