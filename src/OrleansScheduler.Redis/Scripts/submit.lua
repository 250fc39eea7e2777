-- submit.lua: stores new tasks of one queue, all or nothing (see RedisKeys for the layout).
-- KEYS[1]   the queue prefix, e.g. os:{q:default}; every key is built from it (one hash slot)
-- ARGV[1]   now (unix ms)
-- ARGV[2]   1: some ids were chosen by the client, check they are free; 0: all made by the store
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4..] 11 per task: id, type, payload, priority, maxAttempts, timeoutMs, backoffMs,
--           runAtMs ('' = ready now), idempotency key ('' = none), fingerprint (SHA-256 hex
--           of type '\n' payload, made by the caller), idempotency window ms (the key is
--           remembered until now + window; its Redis TTL, 2 x window, only cleans up)
-- Returns   {0, pos, existingId, ...}: stored, except the tasks at the 1-based positions listed,
--           whose key is remembered with the same fingerprint: they are answered by the existing
--           task (and their id is not checked). A wake-up is published on KEYS[1]..':wake' when
--           anything was stored, and a 'submitted' event is appended per task stored
--           {1, id}: a task with that id exists in this queue; nothing stored
--           {2, key, existingId}: the key is remembered with another fingerprint; nothing stored
--#include _history
--#include _ready
local q, now, events = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[3])
local n = (#ARGV - 3) / 11
local function bulk(cmd, key, args) -- one call per 1000 arguments: Lua's unpack() is bounded
  for i = 1, #args, 1000 do redis.call(cmd, key, unpack(args, i, math.min(i + 999, #args))) end
end

-- every check before any write, so a refusal leaves nothing behind
local out, dup, seen = {0}, {}, {}
for i = 0, n - 1 do
  local o = 4 + i * 11
  local id, ik, fp = ARGV[o], ARGV[o + 8], ARGV[o + 9]
  if ik ~= '' then
    local known = seen[ik]
    if not known then
      local d = redis.call('HMGET', q .. ':dedup:' .. ik, 'id', 'fp', 'x')
      -- expiry is judged by the callers' clock; the Redis TTL below only cleans up
      if d[1] and tonumber(d[3]) >= now then known = {d[1], d[2]} end
    end
    if known and known[2] ~= fp then return {2, ik, known[1]} end
    if known then
      dup[i] = true; out[#out + 1] = i + 1; out[#out + 1] = known[1]
    else
      seen[ik] = {id, fp}
    end
  end
  -- a repeat answered by its key is not refused for naming its own id again
  if not dup[i] and ARGV[2] == '1' and redis.call('EXISTS', q .. ':task:' .. id) == 1 then return {1, id} end
end
if #out - 1 == n * 2 then return out end -- every task was already there

local ready, scheduled, ids = readyBatch(), {}, {}
for i = 0, n - 1 do
  local o = 4 + i * 11
  local id, pr, runAt, ik = ARGV[o], ARGV[o + 3], ARGV[o + 7], ARGV[o + 8]
  if not dup[i] then
    local f = {'t', ARGV[o + 1], 'p', ARGV[o + 2], 'm', ARGV[o + 4], 'to', ARGV[o + 5],
               'bo', ARGV[o + 6], 'c', ARGV[1]}
    if pr ~= '0' then f[#f + 1] = 'pr'; f[#f + 1] = pr end
    if runAt == '' then
      f[#f + 1] = 's'; f[#f + 1] = 'P'
      addReady(ready, pr, id)
    else
      f[#f + 1] = 's'; f[#f + 1] = 'S'; f[#f + 1] = 'ra'; f[#f + 1] = runAt
      scheduled[#scheduled + 1] = runAt; scheduled[#scheduled + 1] = id
    end
    if ik ~= '' then
      f[#f + 1] = 'ik'; f[#f + 1] = ik
      local dk = q .. ':dedup:' .. ik
      local window = tonumber(ARGV[o + 10])
      redis.call('HSET', dk, 'id', id, 'fp', ARGV[o + 9], 'x', string.format('%.0f', now + window))
      redis.call('PEXPIRE', dk, string.format('%.0f', window * 2))
    end
    redis.call('HSET', q .. ':task:' .. id, unpack(f))
    event(q, events, id, 'submitted', nil, runAt == '' and 'P' or 'S', nil, 0, ARGV[1])
    ids[#ids + 1] = 0; ids[#ids + 1] = id
  end
end
pushReady(q, ready)
bulk('ZADD', q .. ':scheduled', scheduled)
bulk('ZADD', q .. ':ids', ids)

flushEvents(q, events)
redis.call('PUBLISH', q .. ':wake', '')
return out
