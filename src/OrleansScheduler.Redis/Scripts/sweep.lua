-- sweep.lua: removes a queue's finished tasks past its retention, oldest finish first. Emits no events.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] the default retention ms (when limits has no ret)
-- ARGV[3]  most tasks to remove in this call
-- Returns  how many were removed: the tasks in done, failed and canceled whose finish time +
--          retention <= now, each out of its chunk, with attempts:<id>, logs:<id> and its
--          dedup key when that still names it. Idempotent.
--#include _chunks
--#include _tasks
local q, now, max = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[3])
local cutoff = now - tonumber(redis.call('HGET', q .. ':limits', 'ret') or ARGV[2])
local candidates = {}
for _, index in ipairs({'done', 'failed', 'canceled'}) do
  local due = redis.call('ZRANGEBYSCORE', q .. ':' .. index, '-inf', string.format('%.0f', cutoff), 'WITHSCORES', 'LIMIT', 0, max)
  for i = 1, #due, 2 do candidates[#candidates + 1] = {tonumber(due[i + 1]), due[i], index} end
end
table.sort(candidates, function(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] end
  return a[2] < b[2]
end)
local removed, ids = math.min(max, #candidates), {}
for i = 1, removed do ids[i] = candidates[i][2] end
local tasks = loadTasks(q, ids)
for i = 1, removed do
  local id, index, t = ids[i], candidates[i][3], tasks[i]
  local ik = t and t[IDEMPOTENCY_KEY]
  -- the key may have expired and been taken by a newer task since
  if ik and redis.call('HGET', q .. ':dedup:' .. ik, 'id') == id then redis.call('DEL', q .. ':dedup:' .. ik) end
  redis.call('DEL', q .. ':attempts:' .. id, q .. ':logs:' .. id)
  redis.call('ZREM', q .. ':' .. index, id)
end
removeTasks(q, ids)
return removed
