-- stats.lua: one queue at a glance, read in one step. Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)
-- Returns  {paused (1/0), pending, scheduled, running, paused tasks, succeeded, failed, canceled,
--          succeeded in the last minute, failed in the last minute, oldestDueMs ('' when nothing is
--          Pending), c, r, ret (the limits fields, '' when unset)}. Counts are the cardinalities
--          of ready, scheduled, running, held, done, failed and canceled; the last minute sums the
--          tput slots of seconds now-59..now; oldestDueMs is the earliest ra (or c when absent) of
--          the head of each priority band of ready (the band is score div 2^42, see submit.lua).
local q, now = KEYS[1], tonumber(ARGV[1])
local band = 4398046511104
local out = {redis.call('EXISTS', q .. ':paused'),
  redis.call('ZCARD', q .. ':ready'), redis.call('ZCARD', q .. ':scheduled'), redis.call('ZCARD', q .. ':running'),
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

-- the first task of each priority (lowest sequence) is the longest-waiting one of that priority
local oldest
local head = redis.call('ZRANGE', q .. ':ready', 0, 0, 'WITHSCORES')
while #head > 0 do
  local f = redis.call('HMGET', q .. ':task:' .. head[1], 'ra', 'c')
  local due = tonumber(f[1] or f[2])
  if due and (not oldest or due < oldest) then oldest = due end
  local next = (math.floor(tonumber(head[2]) / band) + 1) * band
  head = redis.call('ZRANGEBYSCORE', q .. ':ready', string.format('%.0f', next), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
end
out[11] = oldest and string.format('%.0f', oldest) or ''

local limits = redis.call('HMGET', q .. ':limits', 'c', 'r', 'ret')
out[12], out[13], out[14] = limits[1] or '', limits[2] or '', limits[3] or ''
return out
