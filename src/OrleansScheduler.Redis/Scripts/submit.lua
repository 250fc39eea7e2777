-- submit.lua: stores new tasks of one queue, all or nothing (see RedisKeys for the layout).
-- KEYS[1]   the queue prefix, e.g. os:{q:default}; every key is built from it (one hash slot)
-- ARGV[1]   now (unix ms)    ARGV[2] TaskLimits.MaxPriority, for the ready score
-- ARGV[3]   1: some ids were chosen by the client, check they are free; 0: all made by the store
-- ARGV[4..] 8 per task: id, type, payload, priority, maxAttempts, timeoutMs, backoffMs,
--           runAtMs ('' = ready now)
-- Returns   {0}: stored, a wake-up published on KEYS[1]..':wake'
--           {1, id}: a task with that id exists in this queue; nothing stored
local q, now, maxPri = KEYS[1], ARGV[1], tonumber(ARGV[2])
local n = (#ARGV - 3) / 8
local function bulk(cmd, key, args) -- one call per 1000 arguments: Lua's unpack() is bounded
  for i = 1, #args, 1000 do redis.call(cmd, key, unpack(args, i, math.min(i + 999, #args))) end
end

if ARGV[3] == '1' then
  for i = 0, n - 1 do
    local id = ARGV[4 + i * 8]
    if redis.call('EXISTS', q .. ':task:' .. id) == 1 then return {1, id} end
  end
end

-- one sequence block per call keeps FIFO order within a priority
local seq = redis.call('INCRBY', q .. ':seq', n) - n
local ready, scheduled, ids = {}, {}, {}
for i = 0, n - 1 do
  local o = 4 + i * 8
  local id, pr, runAt = ARGV[o], ARGV[o + 3], ARGV[o + 7]
  local f = {'t', ARGV[o + 1], 'p', ARGV[o + 2], 'm', ARGV[o + 4], 'to', ARGV[o + 5],
             'bo', ARGV[o + 6], 'c', now}
  if pr ~= '0' then f[#f + 1] = 'pr'; f[#f + 1] = pr end
  if runAt == '' then
    f[#f + 1] = 's'; f[#f + 1] = 'P'
    -- (MaxPriority - priority) * 2^42 + seq stays below 2^53: exact in a double
    ready[#ready + 1] = string.format('%.0f', (maxPri - tonumber(pr)) * 4398046511104 + seq + i + 1)
    ready[#ready + 1] = id
  else
    f[#f + 1] = 's'; f[#f + 1] = 'S'; f[#f + 1] = 'ra'; f[#f + 1] = runAt
    scheduled[#scheduled + 1] = runAt; scheduled[#scheduled + 1] = id
  end
  redis.call('HSET', q .. ':task:' .. id, unpack(f))
  ids[#ids + 1] = 0; ids[#ids + 1] = id
end
bulk('ZADD', q .. ':ready', ready)
bulk('ZADD', q .. ':scheduled', scheduled)
bulk('ZADD', q .. ':ids', ids)

redis.call('PUBLISH', q .. ':wake', '')
return {0}
