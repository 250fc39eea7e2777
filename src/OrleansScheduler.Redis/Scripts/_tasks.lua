-- _tasks.lua: where a queue's tasks live, pasted by RedisScript in place of the line "--#include _tasks".
-- A queue keeps its tasks in chunks: hashes <q>:chunk:<bound>, each holding the tasks whose ids sort
-- from its bound up to the next chunk's, field the id, value the task packed as one MessagePack array
-- (positions in F; false = absent, trailing absents left off). Values are text or numbers (MessagePack
-- keeps a timestamp in 9 bytes, not 14, and a script that counts need not format): compare them with
-- tonumber() on both sides. <q>:chunks is a zset
-- (score 0) of every bound but the first chunk's, which is '' and always exists in name. A chunk keeps
-- at most CHUNK_MAX tasks, fewer than Redis keeps a hash compact for (hash-max-listpack-entries, 128
-- by default), so a small task costs its id and its packed fields and little else: no key of its own,
-- no index entry. The chunks in bound order are the queue's tasks in id order, which is how they are
-- listed.
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own
-- Returns  nothing; the helpers:
--   F                            field name -> position in a task (the names RedisKeys documents)
--   loadTask(q, id)              the task (array) and its chunk's key; nil when there is none
--   saveTask(key, id, t)         writes the task back to its chunk (key from loadTask)
--   loadTasks(q, ids)            the tasks of ids (false where missing) and their chunks' keys, aligned
--                                with ids: one HMGET per chunk
--   saveTasks(ids, tasks, keys)  writes them back: one HSET per chunk (false entries skipped)
--   insertTasks(q, ids, tasks)   stores new tasks (their ids not in the queue), splitting full chunks
--   removeTasks(q, ids)          deletes tasks; a chunk left empty leaves <q>:chunks
--   sortedIds(q, ids, from, to)  ids in byte order, only those between from and to (exclusive, nil = open),
--                                sorted by Redis in the scratch zset <q>:sorting (gone before the script ends)
--   taskFields(t)                the task as HGETALL would give a hash of its fields (name, value, ...)
--   packTask(t), unpackTask(v)   the packed value and back
--   adoptOldTasks(q, limit)      for a queue stored before the chunks (a hash <q>:task:<id> per task and
--                                a zset <q>:ids of every id): moves up to limit tasks, lowest ids first,
--                                into the chunks; one EXISTS when there is nothing left to move. The
--                                lookups above also move a task they miss that is still stored the old way.
local F = {s = 1, t = 2, p = 3, m = 4, to = 5, bo = 6, c = 7, pr = 8, ra = 9, ik = 10, a = 11, k = 12, si = 13,
  sa = 14, fa = 15, r = 16, e = 17, pg = 18, pm = 19, fo = 20, ao = 21, ae = 22}
-- the fields every task has come first, so a waiting task's array ends early
local fieldNames = {'s', 't', 'p', 'm', 'to', 'bo', 'c', 'pr', 'ra', 'ik', 'a', 'k', 'si', 'sa', 'fa', 'r', 'e',
  'pg', 'pm', 'fo', 'ao', 'ae'}
local CHUNK_MAX = 100

-- packs t itself (it is being written back anyway): trailing absent fields dropped, holes made false
local function packTask(t)
  local n = #fieldNames
  while n > 0 and not t[n] do t[n] = nil; n = n - 1 end
  for i = 1, n do
    if t[i] == nil then t[i] = false end
  end
  return cmsgpack.pack(t)
end

local function unpackTask(v)
  if not v then return nil end
  return cmsgpack.unpack(v)
end

-- numbers as text: a Lua number in a reply would become an integer, losing a fraction (a timeout of 1.5 ms)
local function taskFields(t)
  local out = {}
  for i, name in ipairs(fieldNames) do
    local v = t[i]
    if v then
      out[#out + 1] = name
      out[#out + 1] = type(v) == 'number' and tostring(v) or v
    end
  end
  return out
end

local function chunkKey(q, bound) return q .. ':chunk:' .. bound end

-- the bound of the chunk an id belongs in: the greatest bound at or below it
local function boundOf(q, id)
  return redis.call('ZREVRANGEBYLEX', q .. ':chunks', '[' .. id, '-', 'LIMIT', 0, 1)[1] or ''
end

-- ids in Redis' byte order, only those above from and below to (exclusive; nil = no bound). Ids are never
-- compared in Lua: its < follows the server's locale (Redis sets LC_COLLATE from the environment), which
-- need not agree with the byte order of the lex ranges the chunks are found by. A scratch zset sorts them.
local function sortedIds(q, ids, from, to)
  if #ids == 0 then return {} end
  local scratch, args = q .. ':sorting', {}
  for _, id in ipairs(ids) do args[#args + 1] = 0; args[#args + 1] = id end
  for i = 1, #args, 1000 do redis.call('ZADD', scratch, unpack(args, i, math.min(i + 999, #args))) end
  local sorted = redis.call('ZRANGEBYLEX', scratch, from and '(' .. from or '-', to and '(' .. to or '+')
  redis.call('DEL', scratch)
  return sorted
end

-- a guess at an id's chunk bound from the chunk ranges met so far ({lo, hi or false}, newest first), else
-- Redis' answer, whose range joins them. Only a guess: Lua's < follows the locale. A batch walks ids
-- mostly in order, so a few lookups serve it; a wrong guess only costs the lookup it would have saved.
local function guessBound(q, ranges, id)
  for _, r in ipairs(ranges) do
    if id >= r[1] and (not r[2] or id < r[2]) then return r[1] end
  end
  local lo = boundOf(q, id)
  local hi = redis.call('ZRANGEBYLEX', q .. ':chunks', '(' .. lo, '+', 'LIMIT', 0, 1)[1] or false
  table.insert(ranges, 1, {lo, hi})
  if #ranges > 8 then ranges[9] = nil end
  return lo
end

-- ids grouped by chunk, in order of first appearance: {keys = {key, ...}, members = {key -> {index, ...}},
-- bounds, keyOf}; by Redis' lookups, or by guesses when guessed (only for reads, which check)
local function group(q, ids, guessed)
  local keys, members, bounds, keyOf = {}, {}, {}, {}
  local ranges = {}
  for i, id in ipairs(ids) do
    local lo = guessed and guessBound(q, ranges, id) or boundOf(q, id)
    local key = chunkKey(q, lo)
    local m = members[key]
    if not m then
      m = {}
      members[key] = m
      keys[#keys + 1] = key
      bounds[key] = lo
    end
    m[#m + 1] = i
    keyOf[i] = key
  end
  return {keys = keys, members = members, bounds = bounds, keyOf = keyOf}
end

local insertTasks -- defined below; adoption needs it

-- a task still stored as the version before the chunks left it: its hash's fields as an array
local function oldTask(q, id)
  local h = redis.call('HGETALL', q .. ':task:' .. id)
  if #h == 0 then return nil end
  local t = {}
  for i = 1, #h, 2 do
    local pos = F[h[i]]
    if pos then t[pos] = h[i + 1] end
  end
  for i = 1, #fieldNames do t[i] = t[i] or false end
  return t
end

local function adoptIds(q, ids)
  local moved, tasks = {}, {}
  for _, id in ipairs(ids) do
    local t = oldTask(q, id)
    if t then moved[#moved + 1] = id; tasks[#tasks + 1] = t end
  end
  if #moved > 0 then insertTasks(q, moved, tasks) end
  for _, id in ipairs(ids) do redis.call('DEL', q .. ':task:' .. id) end
  for i = 1, #ids, 1000 do redis.call('ZREM', q .. ':ids', unpack(ids, i, math.min(i + 999, #ids))) end
end

local function adoptOldTasks(q, limit)
  if redis.call('EXISTS', q .. ':ids') == 0 then return end
  adoptIds(q, redis.call('ZRANGE', q .. ':ids', 0, limit - 1))
end

-- the ids among missing that are still stored the old way move now; true when any did
local function adoptMissing(q, missing)
  if #missing == 0 or redis.call('EXISTS', q .. ':ids') == 0 then return false end
  local old = {}
  for _, id in ipairs(missing) do
    if redis.call('EXISTS', q .. ':task:' .. id) == 1 then old[#old + 1] = id end
  end
  if #old == 0 then return false end
  adoptIds(q, old)
  return true
end

local function loadTask(q, id)
  local key = chunkKey(q, boundOf(q, id))
  local v = redis.call('HGET', key, id)
  if not v then
    if not adoptMissing(q, {id}) then return nil end
    key = chunkKey(q, boundOf(q, id))
    v = redis.call('HGET', key, id)
    if not v then return nil end
  end
  return cmsgpack.unpack(v), key
end

local function saveTask(key, id, t) redis.call('HSET', key, id, packTask(t)) end

-- reads the grouped ids' tasks into tasks and keyOf (by index in ids); appends the indexes not found to missed
local function fetch(g, ids, tasks, keyOf, missed)
  for _, key in ipairs(g.keys) do
    local m, values = g.members[key], {}
    -- one call per 1000 arguments: Lua's unpack() is bounded
    for from = 1, #m, 1000 do
      local args = {}
      for j = from, math.min(from + 999, #m) do args[#args + 1] = ids[m[j]] end
      for _, v in ipairs(redis.call('HMGET', key, unpack(args))) do values[#values + 1] = v end
    end
    for j, i in ipairs(m) do
      local v = values[j]
      if v then tasks[i], keyOf[i] = cmsgpack.unpack(v), key else tasks[i] = false; missed[#missed + 1] = i end
    end
  end
end

local function loadTasks(q, ids, adopted)
  local tasks, keyOf, missed = {}, {}, {}
  -- a task is in exactly one chunk, so one found where guessed is found; the rest are looked up properly
  fetch(group(q, ids, true), ids, tasks, keyOf, missed)
  if #missed == 0 then return tasks, keyOf end
  local again, found, foundKeys, gone = {}, {}, {}, {}
  for j, i in ipairs(missed) do again[j] = ids[i] end
  fetch(group(q, again), again, found, foundKeys, gone)
  for j, i in ipairs(missed) do tasks[i], keyOf[i] = found[j], foundKeys[j] end
  if #gone == 0 or adopted then return tasks, keyOf end
  local goneIds = {}
  for _, j in ipairs(gone) do goneIds[#goneIds + 1] = again[j] end
  if adoptMissing(q, goneIds) then return loadTasks(q, ids, true) end
  return tasks, keyOf
end

local function saveTasks(ids, tasks, keys)
  local byKey, order = {}, {}
  for i, id in ipairs(ids) do
    local t = tasks[i]
    if t then
      local key = keys[i]
      local args = byKey[key]
      if not args then args = {}; byKey[key] = args; order[#order + 1] = key end
      args[#args + 1] = id
      args[#args + 1] = packTask(t)
    end
  end
  for _, key in ipairs(order) do
    local args = byKey[key]
    for i = 1, #args, 1000 do redis.call('HSET', key, unpack(args, i, math.min(i + 999, #args))) end
  end
end

-- a chunk that would pass CHUNK_MAX is rewritten as several of equal size: an overflowing hash would turn
-- into Redis' large encoding and stay there
-- new ids, sorted by Redis in the scratch zset, cut at the chunk bounds: {{key, ids, from, to}, ...}, from
-- and to the chunk's range as lex bounds. A chunk's ids are one ZRANGEBYLEX of the scratch up to the next
-- bound, so a batch costs lookups per chunk, not per id. The caller deletes the scratch.
local function byChunk(q, scratch, ids)
  local args, out = {}, {}
  for _, id in ipairs(ids) do args[#args + 1] = 0; args[#args + 1] = id end
  for i = 1, #args, 1000 do redis.call('ZADD', scratch, unpack(args, i, math.min(i + 999, #args))) end
  local from = '-'
  while true do
    local first = redis.call('ZRANGEBYLEX', scratch, from, '+', 'LIMIT', 0, 1)[1]
    if not first then break end
    local lo = boundOf(q, first)
    local hi = redis.call('ZRANGEBYLEX', q .. ':chunks', '(' .. lo, '+', 'LIMIT', 0, 1)[1]
    local to = hi and '(' .. hi or '+'
    out[#out + 1] = {chunkKey(q, lo), redis.call('ZRANGEBYLEX', scratch, '[' .. first, to), lo == '' and '-' or '[' .. lo, to}
    if not hi then break end
    from = '[' .. hi
  end
  return out
end

insertTasks = function(q, ids, tasks)
  local packed, scratch = {}, q .. ':sorting'
  for i, id in ipairs(ids) do packed[id] = packTask(tasks[i]) end
  for _, chunk in ipairs(byChunk(q, scratch, ids)) do
    local key, m, args = chunk[1], chunk[2], {}
    for _, id in ipairs(m) do args[#args + 1] = id; args[#args + 1] = packed[id] end
    if redis.call('HLEN', key) + #m <= CHUNK_MAX then
      for i = 1, #args, 1000 do redis.call('HSET', key, unpack(args, i, math.min(i + 999, #args))) end
    else
      -- the chunk's own ids join the new ones in the scratch, which then gives them all in order
      local all, values, members = redis.call('HGETALL', key), {}, {}
      for i = 1, #all, 2 do values[all[i]] = all[i + 1]; members[#members + 1] = 0; members[#members + 1] = all[i] end
      for i = 1, #members, 1000 do redis.call('ZADD', scratch, unpack(members, i, math.min(i + 999, #members))) end
      for _, id in ipairs(m) do values[id] = packed[id] end
      local ordered = redis.call('ZRANGEBYLEX', scratch, chunk[3], chunk[4])
      local pieces = math.ceil(#ordered / CHUNK_MAX)
      local size = math.ceil(#ordered / pieces)
      redis.call('DEL', key)
      for p = 1, pieces do
        local first, piece = (p - 1) * size + 1, {}
        for i = first, math.min(p * size, #ordered) do
          piece[#piece + 1] = ordered[i]; piece[#piece + 1] = values[ordered[i]]
        end
        local target = key
        if p > 1 then
          target = chunkKey(q, ordered[first])
          redis.call('ZADD', q .. ':chunks', 0, ordered[first])
        end
        redis.call('HSET', target, unpack(piece))
      end
    end
  end
  redis.call('DEL', scratch)
end

local function removeTasks(q, ids)
  local g = group(q, ids)
  for _, key in ipairs(g.keys) do
    local m, args = g.members[key], {}
    for _, i in ipairs(m) do args[#args + 1] = ids[i] end
    for i = 1, #args, 1000 do redis.call('HDEL', key, unpack(args, i, math.min(i + 999, #args))) end
    local bound = g.bounds[key]
    if bound ~= '' and redis.call('EXISTS', key) == 0 then redis.call('ZREM', q .. ':chunks', bound) end
  end
end
