-- silo_prune.lua: removes Dead incarnations whose failover is done and that died long enough ago.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  now (unix ms)   ARGV[2] retention (ms)
-- Returns  how many incarnations were removed (Dead, fd = 1, dd older than now - retention)
local c = KEYS[1]
local limit = tonumber(ARGV[1]) - tonumber(ARGV[2])
-- a silo is declared dead after its last heartbeat, so only those silent since before the limit qualify
local ids = redis.call('ZRANGEBYSCORE', c .. ':silos', '-inf', string.format('(%.17g', limit))
local removed = 0
for _, id in ipairs(ids) do
  local key = c .. ':silo:' .. id
  local f = redis.call('HMGET', key, 's', 'fd', 'dd')
  if f[1] == 'D' and f[2] == '1' and tonumber(f[3]) < limit then
    redis.call('DEL', key)
    redis.call('ZREM', c .. ':silos', id)
    removed = removed + 1
  end
end
return removed
