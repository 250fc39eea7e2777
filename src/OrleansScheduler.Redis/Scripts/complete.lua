-- complete.lua: records successful attempts of one queue, each checked against its token.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)
-- ARGV[2..] 3 per completion: id, token, result (JSON text)
-- Returns   one code per completion, in order:
--           0 accepted (Succeeded), 1 stale token, 2 not Running, 3 no such task
local q, now = KEYS[1], ARGV[1]
local out, done, bySilo = {}, {}, {}
for o = 2, #ARGV, 3 do
  local id = ARGV[o]
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'k', 'si')
  local code = 0
  if not f[1] then code = 3
  elseif f[1] ~= 'R' then code = 2
  elseif f[2] ~= ARGV[o + 1] then code = 1
  else
    redis.call('HSET', key, 's', 'D', 'r', ARGV[o + 2], 'fa', now)
    done[#done + 1] = id
    bySilo[f[3]] = bySilo[f[3]] or {}
    table.insert(bySilo[f[3]], id)
  end
  out[#out + 1] = code
end
-- the indexes are updated once per batch (per silo), not once per task
for i = 1, #done, 1000 do redis.call('ZREM', q .. ':running', unpack(done, i, math.min(i + 999, #done))) end
for silo, ids in pairs(bySilo) do
  for i = 1, #ids, 1000 do redis.call('SREM', q .. ':running:' .. silo, unpack(ids, i, math.min(i + 999, #ids))) end
end
return out
