-- spawn.lua: records on a running parent the children the store has just stored (in their own queues).
-- KEYS[1]   the parent's queue prefix, e.g. os:{q:default}
-- ARGV[1]   parent id   ARGV[2] its attempt's token   ARGV[3] its child count at least (first index + count)
-- ARGV[4]   failure policy ('F' fail fast, '' collect: the latest spawn's holds)
-- ARGV[5..] 3 per run of new children at consecutive positions in one queue: first, last position, queue
-- Returns   0 accepted (cc = max(cc, ARGV[3]), po set, the runs written to kids:<parent id>, a zset of
--           '<first position>:<queue>' scored by first position: the queue of the child at position p is
--           that of the member with the greatest score <= p), 1 stale token, 2 not Running, 3 no such task
--#include _chunks
--#include _tasks
local q, id = KEYS[1], ARGV[1]
local t, key = loadTask(q, id)
if not t then return 3 end
if t[STATE] ~= 'R' then return 2 end
if tonumber(t[TOKEN]) ~= tonumber(ARGV[2]) then return 1 end
local count = tonumber(t[CHILD_COUNT]) or 0
t[CHILD_COUNT] = math.max(count, tonumber(ARGV[3]))
t[FAILURE_POLICY] = ARGV[4] ~= '' and ARGV[4] or false
saveTask(key, id, t)
local kids = q .. ':kids:' .. id
local function queueAt(p)
  local m = redis.call('ZREVRANGEBYSCORE', kids, p, '-inf', 'LIMIT', 0, 1)[1]
  return m and string.match(m, '^%d+:(.*)$')
end
for o = 5, #ARGV, 3 do
  local first, last, queue = tonumber(ARGV[o]), tonumber(ARGV[o + 1]), ARGV[o + 2]
  -- the positions after the run keep the queue they had (past the old count there are none yet)
  local after = last + 1 < count and queueAt(last + 1)
  redis.call('ZREMRANGEBYSCORE', kids, first, last + 1)
  redis.call('ZADD', kids, first, string.format('%d:%s', first, queue))
  if after and after ~= queue then redis.call('ZADD', kids, last + 1, string.format('%d:%s', last + 1, after)) end
end
return 0
