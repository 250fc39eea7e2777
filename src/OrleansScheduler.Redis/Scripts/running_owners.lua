-- running_owners.lua: who holds a queue's Running attempts, for the failover backstop. Reads only (but for
-- moving a task stored before the chunk layout into its chunk, as every lookup does).
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV     none
-- Returns  {silo, count, lastStartedMs, ...}: per silo named by a Running task of <q>:running (its si),
--          how many such tasks and the latest of their sa, in the order first met.
--#include _chunks
--#include _tasks
local q = KEYS[1]
local ids = redis.call('ZRANGE', q .. ':running', 0, -1)
if #ids == 0 then return {} end
local tasks = loadTasks(q, ids)
local by, order = {}, {}
for i = 1, #ids do
  local t = tasks[i]
  if t and t[STATE] == 'R' and t[SILO] then
    local owner = by[t[SILO]]
    if not owner then
      owner = {0, 0}
      by[t[SILO]] = owner
      order[#order + 1] = t[SILO]
    end
    owner[1] = owner[1] + 1
    local started = tonumber(t[STARTED]) or 0
    if started > owner[2] then owner[2] = started end
  end
end
local out = {}
for _, silo in ipairs(order) do
  local owner = by[silo]
  out[#out + 1] = silo; out[#out + 1] = owner[1]; out[#out + 1] = string.format('%.0f', owner[2])
end
return out
