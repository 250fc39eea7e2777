-- stats.lua: one queue at a glance, read in one step. Reads only, but first moves what an earlier
-- version stored the old way (Pending ids of an old ready sorted set, as claims do) so they are counted.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)
-- Returns  {paused (1/0), pending, scheduled, running, paused tasks, succeeded, failed, canceled,
--          succeeded in the last minute, failed in the last minute, oldestDueMs ('' when nothing is
--          Pending), c, r, ret (the limits fields, '' when unset), waiting}. Counts are the cardinalities
--          of the ready lists (summed), scheduled, running, held, done, failed, canceled and waiting; the last
--          minute sums the tput slots of seconds now-59..now; oldestDueMs is the earliest ra (or c
--          when absent) of the head of each priority's ready list. Pending counts every lane too
--          (_ready.lua: the silos' lanes named in routed, fit, the key lanes named in keys and kfull),
--          and oldestDueMs looks at each lane's head as well (of the first 128 keys' lanes).
--#include _chunks
--#include _tasks
--#include _ready
local q, now = KEYS[1], tonumber(ARGV[1])
adoptOldReady(q)
local levels, pending = readyLevels(q), 0
for _, level in ipairs(levels) do pending = pending + redis.call('LLEN', q .. ':ready:' .. level) end
local lanes = {q .. ':fit'}
for _, s in ipairs(redis.call('SMEMBERS', q .. ':routed')) do lanes[#lanes + 1] = q .. ':routed:' .. s end
local keys = redis.call('ZRANGE', q .. ':keys', 0, -1)
for _, k in ipairs(redis.call('ZRANGE', q .. ':kfull', 0, -1)) do keys[#keys + 1] = k end
for i, k in ipairs(keys) do
  local lane = q .. ':key:' .. k
  if i <= 128 then lanes[#lanes + 1] = lane else pending = pending + redis.call('ZCARD', lane) end
end
for _, lane in ipairs(lanes) do pending = pending + redis.call('ZCARD', lane) end
local out = {redis.call('EXISTS', q .. ':paused'),
  pending, redis.call('ZCARD', q .. ':scheduled'), redis.call('ZCARD', q .. ':running'),
  redis.call('SCARD', q .. ':held'), redis.call('ZCARD', q .. ':done'), redis.call('ZCARD', q .. ':failed'),
  redis.call('ZCARD', q .. ':canceled')}

local sec, sums = math.floor(now / 1000), {s = 0, f = 0}
local tput = redis.call('HGETALL', q .. ':tput')
for i = 1, #tput, 2 do
  local at, count = string.match(tput[i + 1], '^(%d+):(%d+)$')
  at = tonumber(at)
  if at and at <= sec and at > sec - 60 then
    local kind = string.sub(tput[i], 1, 1)
    sums[kind] = (sums[kind] or 0) + tonumber(count)
  end
end
out[9], out[10] = sums.s, sums.f

-- the head of each priority's list is the longest-waiting task of that priority
local oldest
for _, level in ipairs(levels) do
  local head = redis.call('LINDEX', q .. ':ready:' .. level, 0)
  if head then
    local t = loadTask(q, head)
    local due = t and tonumber(t[RUN_AT] or t[CREATED])
    if due and (not oldest or due < oldest) then oldest = due end
  end
end
for _, lane in ipairs(lanes) do
  local head = redis.call('ZRANGE', lane, 0, 0)[1]
  local t = head and loadTask(q, head)
  local due = t and tonumber(t[RUN_AT] or t[CREATED])
  if due and (not oldest or due < oldest) then oldest = due end
end
out[11] = oldest and string.format('%.0f', oldest) or ''

local limits = redis.call('HMGET', q .. ':limits', 'c', 'r', 'ret')
out[12], out[13], out[14] = limits[1] or '', limits[2] or '', limits[3] or ''
out[15] = redis.call('SCARD', q .. ':waiting')
return out
