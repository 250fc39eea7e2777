-- append_logs.lua: stores handlers' log lines for tasks of one queue. No token check.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   HistoryLimits.MaxLogLines (>= 1)
-- ARGV[2..] per task: id, n, then n lines, each already encoded by the caller (JSON array
--           [attempt, timeMs, level, message], message cut to HistoryLimits.MaxLogLineLength)
-- Returns   how many lines were stored: those of tasks that exist, pushed on logs:<id> in the order
--           given, which then keeps its newest ARGV[1]. Lines of missing tasks are dropped.
--#include _chunks
--#include _tasks
local q, keep = KEYS[1], tonumber(ARGV[1])
local stored, o = 0, 2
while o <= #ARGV do
  local id, n = ARGV[o], tonumber(ARGV[o + 1])
  if n > 0 and loadTask(q, id) then
    local key = q .. ':logs:' .. id
    for i = o + 2, o + 1 + n, 1000 do redis.call('RPUSH', key, unpack(ARGV, i, math.min(i + 999, o + 1 + n))) end
    redis.call('LTRIM', key, -keep, -1)
    stored = stored + n
  end
  o = o + 2 + n
end
return stored
