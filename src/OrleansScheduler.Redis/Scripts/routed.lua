-- routed.lua: the Pending tasks of one queue routed to one silo, or waiting for one, in claim order. Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the silo, or '-' for those waiting for one   ARGV[2] most tasks to return
-- Returns  {id, task, id, task, ...}: the first of <q>:routed:<silo> (_ready.lua: highest priority first,
--          then the order they became ready), each task packed as in its chunk (read by RedisTaskPacking)
--#include _chunks
--#include _tasks
local q, max = KEYS[1], tonumber(ARGV[2])
if max < 1 then return {} end
local ids = redis.call('ZRANGE', q .. ':routed:' .. ARGV[1], 0, max - 1)
local tasks = loadTasks(q, ids)
local out = {}
for i, id in ipairs(ids) do
  if tasks[i] then out[#out + 1] = id; out[#out + 1] = packTask(tasks[i]) end
end
return out
