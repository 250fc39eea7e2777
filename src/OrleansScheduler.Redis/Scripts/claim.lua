-- claim.lua: promotes due scheduled tasks, then claims up to max ready ones for a silo, within the
-- queue's limits (<prefix>:limits: c max concurrency, r rate per second; <prefix>:bucket: the rate's
-- token bucket, t tokens, at last refill ms) and the silo's free slots.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- KEYS[2]  the claim request's key, <prefix>:claim:<request id> (absent: a claim without a request id)
-- ARGV[1]  now (unix ms)          ARGV[2] silo id         ARGV[3] max tasks to claim
-- ARGV[4]  most scheduled tasks to promote in this call
-- ARGV[5]  HistoryLimits.EventStreamLength (0: no events)   ARGV[6] HistoryLimits.MaxAttemptHistory
-- ARGV[7]  the silo's free slots: the claimed tasks' costs add up to no more (absent: max)
-- ARGV[8]  1: leave least-loaded tasks to a less loaded silo within the window; 0 (or absent): not
-- ARGV[9]  the defer window ms (absent: 0)
-- ARGV[10] how long KEYS[2] remembers what the request claimed, ms (ClaimRequest.RequestMemory; absent: 60000)
-- ARGV[11] L, the number of the silo's label pairs (absent: 0); ARGV[12..11+2L] key, value, ...
-- ARGV[12+2L..] the free slots of the other silos serving the queue (best fit)
-- Returns  {nextDueMs, id, type, payload, attempt, maxAttempts, token, timeoutMs, family, routing, target, trace, readyAt, ...}:
--          nextDueMs is the earliest remaining scheduled score as a string ('' if none), or
--          sooner: when the rate's bucket held back ready tasks, the time its next whole token is
--          due; or when a routed task was left to another silo by load, when its window ends; then
--          12 values per claimed task, highest priority first, FIFO within a priority (routed ones
--          before shared ones of their priority, _lanes.lua); family is '' for a task with no family
--          or workflow fields, else the JSON array [depth, isJoin (1/0), joinState or '', childCount,
--          node JSON or '']; routing its routing JSON ('' none); target its tg ('' none); trace its tr ('' none);
--          readyAt its run-at, else its creation (unix ms).
--          No more are claimed than max, the free slots, c minus the queue's running count, and the
--          bucket's whole tokens (one spent per task). Appends a 'promoted' event per promoted task
--          and a 'started' event per claimed one. A queue without routed work the silo could take
--          (no <q>:routed:<silo>, <q>:fit or <q>:keys) claims from the shared lists alone, with no
--          Redis call more than before routing existed.
--          A paused queue (the key <prefix>:paused exists) returns {''} and changes nothing.
--          {'gone'}: the silo is in <prefix>:gone (requeue_silo.lua failed its work over: it was
--          declared dead); nothing changes, and it claims nothing here again.
--          A claim that claimed something with a request key stores there, for ARGV[10] ms, the JSON array
--          [id, token, ...] of what it claimed (one SET). A claim whose request key exists (a retry after a
--          lost reply) claims nothing and returns those of its tasks still Running under that token on this
--          silo, as above, promoting nothing, writing nothing.
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _promote
--#include _lanes
local q, now, silo, max = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local events, history = tonumber(ARGV[5]), tonumber(ARGV[6])
local slots = tonumber(ARGV[7] or '') or max
local request = KEYS[2]

-- the 12 values of one claimed task t (attempt a, token) in the reply
local function emit(out, id, t, a, token)
  local o = #out
  out[o + 1], out[o + 2], out[o + 3], out[o + 4] = id, t[TYPE], t[PAYLOAD], a
  local to = t[TIMEOUT]
  -- a number goes back as an integer: a fractional timeout goes as text
  if type(to) == 'number' and to % 1 ~= 0 then to = tostring(to) end
  out[o + 5], out[o + 6], out[o + 7] = t[MAX_ATTEMPTS], token, to
  local family = ''
  if t[DEPTH] or t[IS_JOIN] or t[CHILD_COUNT] or t[NODE] then
    family = cjson.encode({tonumber(t[DEPTH]) or 0, t[IS_JOIN] and 1 or 0, t[JOIN_STATE] or '', tonumber(t[CHILD_COUNT]) or 0, t[NODE] or ''})
  end
  out[o + 8], out[o + 9], out[o + 10] = family, t[ROUTING] or '', t[TARGET] or ''
  out[o + 11], out[o + 12] = t[TRACE] or '', t[RUN_AT] or t[CREATED]
end

local function nextScheduled(out)
  local nextDue = redis.call('ZRANGE', q .. ':scheduled', 0, 0, 'WITHSCORES')
  if #nextDue > 0 then out[1] = nextDue[2] end
end

-- a retry of a claim that ran: what it claimed, as far as it still runs here under its token
local function recall(claimed)
  local earlier, ids = cjson.decode(claimed), {}
  for i = 1, #earlier, 2 do ids[#ids + 1] = earlier[i] end
  local tasks = loadTasks(q, ids)
  local out = {''}
  for i, id in ipairs(ids) do
    local t = tasks[i]
    if t and t[STATE] == 'R' and t[SILO] == silo and tonumber(t[TOKEN]) == tonumber(earlier[2 * i]) then emit(out, id, t, t[ATTEMPT], t[TOKEN]) end
  end
  nextScheduled(out)
  return out
end

if redis.call('ZSCORE', q .. ':gone', silo) then return {'gone'} end
-- one EXISTS asks for the pause flag, the request key and the lanes together: a queue with none of them pays
-- nothing for routing or request ids
local laneKeys = {q .. ':routed:' .. silo, q .. ':fit', q .. ':keys'}
local probe = {q .. ':paused', unpack(laneKeys)}
if request then probe[#probe + 1] = request end
local lanes = redis.call('EXISTS', unpack(probe))
if lanes > 0 then
  local found = lanes
  lanes = redis.call('EXISTS', unpack(laneKeys))
  if found > lanes then
    local claimed = request and redis.call('GET', request)
    if claimed then return recall(claimed) end
    if redis.call('EXISTS', q .. ':paused') == 1 then return {''} end
  end
end

adoptOldTasks(q, 1000)
adoptOldReady(q)
local _, promotedRouted = promoteDue(q, ARGV[1], tonumber(ARGV[4]), events)
if promotedRouted then lanes = redis.call('EXISTS', unpack(laneKeys)) end

-- the limits: a missing hash (the common case) costs one HMGET
local limits = redis.call('HMGET', q .. ':limits', 'c', 'r')
local take = math.min(max, slots) -- every task costs a slot at least
if limits[1] then take = math.min(take, tonumber(limits[1]) - redis.call('ZCARD', q .. ':running')) end
local rate, tokens, at, byBucket = tonumber(limits[2]), 0, now, false
if rate and take > 0 then
  -- full at first use, then refilled continuously; the 1e-9 absorbs rounding of the refill
  local b = redis.call('HMGET', q .. ':bucket', 't', 'at')
  local capacity = math.max(1, rate)
  tokens, at = tonumber(b[1]) or capacity, tonumber(b[2]) or now
  -- a caller whose clock is behind the last refill's adds nothing and moves nothing back
  if now > at then tokens, at = math.min(capacity, tokens + rate * (now - at) / 1000), now end
  local whole = math.floor(tokens + 1e-9)
  if whole < take then take, byBucket = whole, true end
end

local out, running, mine, remembered, deferDue = {''}, {}, {}, {}, nil
if take > 0 then
  local ids, tasks, keys
  if lanes == 0 then
    ids = popReady(q, take)
    tasks, keys = loadTasks(q, ids)
  else
    local labels, n = {}, tonumber(ARGV[11] or '') or 0
    for i = 12, 11 + 2 * n, 2 do labels[ARGV[i]] = ARGV[i + 1] end
    local others = {}
    for i = 12 + 2 * n, #ARGV do others[#others + 1] = tonumber(ARGV[i]) end
    ids, tasks, keys, deferDue = claimRouted(q, {silo = silo, take = take, slots = slots, labels = labels, others = others,
      deferLeast = ARGV[8] == '1', window = tonumber(ARGV[9] or '') or 0, now = now})
  end
  for i, id in ipairs(ids) do
    local t = tasks[i]
    if t then -- a ready entry without its task would be a bug; skip rather than fail the batch
      if t[ENDED_ATTEMPT] then archiveAttempt(q, history, t, id) end -- it ran before: that attempt moves to the list
      local a, token = (tonumber(t[ATTEMPT]) or 0) + 1, (tonumber(t[TOKEN]) or 0) + 1
      t[STATE], t[ATTEMPT], t[TOKEN], t[SILO], t[STARTED] = 'R', a, token, silo, now
      running[#running + 1] = math.floor(now + tonumber(t[TIMEOUT])); running[#running + 1] = id
      mine[#mine + 1] = id
      remembered[#remembered + 1] = id; remembered[#remembered + 1] = token
      emit(out, id, t, a, token)
      event(q, events, id, 'started', 'P', 'R', silo, a, ARGV[1])
    end
  end
  saveTasks(ids, tasks, keys)
  bulk('ZADD', q .. ':running', running)
  bulk('SADD', q .. ':running:' .. silo, mine)
  if request and #mine > 0 then redis.call('SET', request, cjson.encode(remembered), 'PX', tonumber(ARGV[10] or '') or 60000) end
end
if rate and (#mine > 0 or byBucket) then
  tokens = tokens - #mine
  redis.call('HSET', q .. ':bucket', 't', string.format('%.17g', tokens), 'at', string.format('%.0f', at))
end

flushEvents(q, events)
nextScheduled(out)
if byBucket and (lanes > 0 or redis.call('ZCARD', q .. ':prios') > 0) then
  -- the bucket held ready tasks back: come back when its next whole token is due
  local tokenDue = now + math.max(1, math.ceil((1 - tokens) / rate * 1000 - 1e-6))
  if out[1] == '' or tonumber(out[1]) > tokenDue then out[1] = string.format('%.0f', tokenDue) end
end
if deferDue and (out[1] == '' or tonumber(out[1]) > deferDue) then out[1] = string.format('%.0f', deferDue) end
return out
