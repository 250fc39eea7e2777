-- sweep.lua: removes a queue's finished tasks past its retention, oldest finish first. Emits no events.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] the default retention ms (when limits has no ret)
-- ARGV[3]  most tasks to remove in this call
-- Returns  {removed, parentId, ...}: how many were removed: the tasks in done, failed and canceled whose
--          finish time + retention <= now, each out of its chunk, with attempts:<id>, logs:<id> and its
--          dedup key when that still names it; then the due parents (cc > 0) among them, which it leaves
--          for the caller to remove with their children (in any queue, children first). A child (pi) is
--          never removed on its own: its entry is scored +inf, out of the sweep's way, until its parent
--          takes it along. Parents count towards the bound. Idempotent.
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
local all = {}
for i, c in ipairs(candidates) do all[i] = c[2] end
local tasks = loadTasks(q, all)
local ids, parents = {}, {}
for i, c in ipairs(candidates) do
  if #ids + #parents >= max then break end
  local id, index, t = c[2], c[3], tasks[i]
  if t and t[PARENT_ID] then
    redis.call('ZADD', q .. ':' .. index, 'XX', '+inf', id)
  elseif t and (tonumber(t[CHILD_COUNT]) or 0) > 0 then
    parents[#parents + 1] = id
  else
    local ik = t and t[IDEMPOTENCY_KEY]
    -- the key may have expired and been taken by a newer task since
    if ik and redis.call('HGET', q .. ':dedup:' .. ik, 'id') == id then redis.call('DEL', q .. ':dedup:' .. ik) end
    redis.call('DEL', q .. ':attempts:' .. id, q .. ':logs:' .. id)
    redis.call('ZREM', q .. ':' .. index, id)
    ids[#ids + 1] = id
  end
end
removeTasks(q, ids)
local out = {#ids}
for _, id in ipairs(parents) do out[#out + 1] = id end
return out
