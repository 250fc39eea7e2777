-- claim.lua: promotes due scheduled tasks, then claims up to max ready ones for a silo.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)          ARGV[2] silo id         ARGV[3] max tasks to claim
-- ARGV[4]  TaskLimits.MaxPriority ARGV[5] most scheduled tasks to promote in this call
-- Returns  {nextDueMs, id, type, payload, attempt, maxAttempts, token, timeoutMs, ...}:
--          nextDueMs is the earliest remaining scheduled score as a string ('' if none),
--          then 7 values per claimed task, highest priority first, FIFO within a priority.
--          A paused queue (the key <prefix>:paused exists) returns {''} and changes nothing.
local q, now, silo, max = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local maxPri = tonumber(ARGV[4])
local function bulk(cmd, key, args) -- one call per 1000 arguments: Lua's unpack() is bounded
  for i = 1, #args, 1000 do redis.call(cmd, key, unpack(args, i, math.min(i + 999, #args))) end
end

if redis.call('EXISTS', q .. ':paused') == 1 then return {''} end

local due = redis.call('ZRANGEBYSCORE', q .. ':scheduled', '-inf', now, 'LIMIT', 0, tonumber(ARGV[5]))
if #due > 0 then
  local seq, ready = redis.call('INCRBY', q .. ':seq', #due) - #due, {}
  for i, id in ipairs(due) do
    local key = q .. ':task:' .. id
    local pr = tonumber(redis.call('HGET', key, 'pr') or '0')
    redis.call('HSET', key, 's', 'P')
    ready[#ready + 1] = string.format('%.0f', (maxPri - pr) * 4398046511104 + seq + i)
    ready[#ready + 1] = id
  end
  bulk('ZADD', q .. ':ready', ready)
  bulk('ZREM', q .. ':scheduled', due)
end

local out, running, mine = {''}, {}, {}
if max > 0 then
  local popped = redis.call('ZPOPMIN', q .. ':ready', max)
  for i = 1, #popped, 2 do
    local id = popped[i]
    local key = q .. ':task:' .. id
    local f = redis.call('HMGET', key, 't', 'p', 'a', 'm', 'k', 'to')
    if f[1] then -- a ready entry without its hash would be a bug; skip rather than fail the batch
      local attempt, token = (tonumber(f[3]) or 0) + 1, (tonumber(f[5]) or 0) + 1
      redis.call('HSET', key, 's', 'R', 'a', attempt, 'k', token, 'si', silo, 'sa', ARGV[1])
      running[#running + 1] = math.floor(now + tonumber(f[6])); running[#running + 1] = id
      mine[#mine + 1] = id
      local o = #out
      out[o + 1], out[o + 2], out[o + 3], out[o + 4] = id, f[1], f[2], attempt
      out[o + 5], out[o + 6], out[o + 7] = f[4], token, f[6]
    end
  end
  bulk('ZADD', q .. ':running', running)
  bulk('SADD', q .. ':running:' .. silo, mine)
end

local nextDue = redis.call('ZRANGE', q .. ':scheduled', 0, 0, 'WITHSCORES')
if #nextDue > 0 then out[1] = nextDue[2] end
return out
