-- _tasks.lua: where a queue's tasks live, for the scripts with the line "--#include _tasks"
-- (after "--#include _chunks", the chunk index it uses).
-- A queue keeps its tasks in chunks: hashes <q>:chunk:<bound>, each holding the tasks whose ids sort
-- from its bound up to the next chunk's, field the id, value the task packed as one MessagePack array
-- (positions below; false = absent, trailing absents left off). Values are text or numbers (MessagePack
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
--   STATE, TYPE, ...             a field's position in a task (the short names RedisKeys documents, in the
--                                same order; RedisTaskPacking reads them)
--   loadTask(q, id)              the task (array) and its chunk's key; nil when there is none
--   saveTask(key, id, t)         writes the task back to its chunk (key from loadTask); returns the packed value
--   loadTasks(q, ids)            the tasks of ids (false where missing) and their chunks' keys, aligned
--                                with ids: one HMGET per chunk
--   saveTasks(ids, tasks, keys)  writes them back: one HSET per chunk (false entries skipped)
--   insertTasks(q, ids, tasks)   stores new tasks (their ids not in the queue), splitting full chunks
--   removeTasks(q, ids)          deletes tasks; a chunk left empty leaves <q>:chunks, and one left with
--                                fewer than CHUNK_LOW joins the chunk before it when they fit in one
--   sortedIds(q, ids, from, to)  ids in byte order, only those between from and to (exclusive, nil = open),
--                                sorted by Redis in the scratch zset <q>:sorting (gone before the script ends)
--   packTask(t), unpackTask(v)   the packed value and back
--   bulk(cmd, key, args)         redis.call(cmd, key, args...) in calls of at most 1000 arguments
--   adoptOldTasks(q, limit)      for a queue stored before the chunks (a hash <q>:task:<id> per task and
--                                a zset <q>:ids of every id): moves up to limit tasks, lowest ids first,
--                                into the chunks; one EXISTS when there is nothing left to move. The
--                                lookups above also move a task they miss that is still stored the old way.
-- Plain locals, not a table of names: a script builds its tables anew on every call, and a 34-entry one
-- costs about as much as a Redis command. The fields every task has come first, so a waiting task's
-- array ends early.
local STATE, TYPE, PAYLOAD, MAX_ATTEMPTS, TIMEOUT, BACKOFF, CREATED = 1, 2, 3, 4, 5, 6, 7
local PRIORITY, RUN_AT, IDEMPOTENCY_KEY, ATTEMPT, TOKEN, SILO, STARTED, FINISHED = 8, 9, 10, 11, 12, 13, 14, 15
local RESULT, ERROR, PROGRESS, PROGRESS_MESSAGE, FAILOVERS, ENDED_ATTEMPT, ENDED_AT = 16, 17, 18, 19, 20, 21, 22
-- its family and workflow (appended, so a task packed before them reads as one with none)
local PARENT_ID, PARENT_QUEUE, CHILD_INDEX, DEPTH, CHILD_COUNT, CHILDREN_FINISHED, CHILDREN_FAILED = 23, 24, 25, 26, 27, 28, 29
local FAILURE_POLICY, IS_JOIN, JOIN_STATE, NODE, COUNTED = 30, 31, 32, 33, 34
-- its routing (appended again: a task packed before them is a shared one): the routing JSON, its lane when
-- not routed to a silo ('f' fit, 'k' key; absent shared), the silo it is routed to, when it entered its lane
local ROUTING, LANE, ROUTED_TO, SINCE = 35, 36, 37, 38
-- the application grain that runs it (appended: a task packed before it is run by a handler)
local TARGET = 39
-- the submitter's trace context (appended: a task packed before it continues no trace)
local TRACE = 40
local FIELD_COUNT = 40
local CHUNK_MAX = 100

-- redis.call(cmd, key, args...) in calls of at most 1000 arguments: Lua's unpack() is bounded
local function bulk(cmd, key, args)
  for i = 1, #args, 1000 do redis.call(cmd, key, unpack(args, i, math.min(i + 999, #args))) end
end

-- packs t itself (it is being written back anyway): trailing absent fields dropped, holes made false
local function packTask(t)
  local n = table.maxn(t)
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

-- adds ids (a list, or several) to the scratch zset, score 0
local function toScratch(scratch, ...)
  local args = {}
  for _, ids in ipairs({...}) do
    for _, id in ipairs(ids) do args[#args + 1] = 0; args[#args + 1] = id end
  end
  bulk('ZADD', scratch, args)
end

-- ids in Redis' byte order, only those above from and below to (exclusive; nil = no bound). Ids are never
-- compared in Lua: its < follows the server's locale (Redis sets LC_COLLATE from the environment), which
-- need not agree with the byte order of the lex ranges the chunks are found by. A scratch zset sorts them.
local function sortedIds(q, ids, from, to)
  if #ids == 0 then return {} end
  local scratch = q .. ':sorting'
  toScratch(scratch, ids)
  local sorted = redis.call('ZRANGEBYLEX', scratch, from and '(' .. from or '-', to and '(' .. to or '+')
  redis.call('DEL', scratch)
  return sorted
end

-- a guess at an id's chunk bound from the chunk ranges met so far ({lo, hi: false none, nil not looked up
-- yet}, newest first), else Redis' answer, whose range joins them. Only a guess: Lua's < follows the
-- locale. A batch walks ids mostly in order, so a few lookups serve it; a wrong guess only costs the
-- lookup it would have saved. A range's end is looked up only once a second id needs it.
local function guessBound(q, ranges, id)
  for _, r in ipairs(ranges) do
    if id >= r[1] then
      if r[2] == nil then r[2] = boundAfter(q, r[1]) or false end
      if not r[2] or id < r[2] then return r[1] end
    end
  end
  local lo = boundOf(q, id)
  table.insert(ranges, 1, {lo})
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
  local t, position = {}, {}
  -- the short names RedisKeys documents, in their packed order
  for i, name in ipairs({'s', 't', 'p', 'm', 'to', 'bo', 'c', 'pr', 'ra', 'ik', 'a', 'k', 'si', 'sa', 'fa', 'r', 'e',
      'pg', 'pm', 'fo', 'ao', 'ae'}) do -- a hash of its own predates families: none of their fields
    position[name] = i
  end
  for i = 1, #h, 2 do
    local pos = position[h[i]]
    if pos then t[pos] = h[i + 1] end
  end
  for i = 1, FIELD_COUNT do t[i] = t[i] or false end
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
  bulk('ZREM', q .. ':ids', ids)
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

-- returns the packed value it wrote, which the by-id transitions return as well
local function saveTask(key, id, t)
  local v = packTask(t)
  redis.call('HSET', key, id, v)
  return v
end

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
  if #ids == 1 then -- the lone task of a quiet moment: one lookup, no guessing
    local t, key = loadTask(q, ids[1])
    return {t or false}, {key}
  end
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
    bulk('HSET', key, args)
  end
end

-- a chunk that would pass CHUNK_MAX is cut into pieces: an overflowing hash would turn into Redis' large
-- encoding and stay there
-- new ids, cut at the chunk bounds: {{key, ids, bound}, ...}. A batch is sorted by Redis in the scratch zset,
-- and a chunk's ids are one ZRANGEBYLEX of it up to the next bound, so it costs lookups per chunk, not per
-- id. The caller deletes the scratch.
local FEW = 8
local function byChunk(q, scratch, ids)
  if #ids <= FEW then
    -- a lookup per id costs less than sorting a handful
    local g, out = group(q, ids), {}
    for _, key in ipairs(g.keys) do
      local m = {}
      for _, i in ipairs(g.members[key]) do m[#m + 1] = ids[i] end
      out[#out + 1] = {key, m, g.bounds[key]}
    end
    return out
  end
  local out = {}
  toScratch(scratch, ids)
  local from = '-'
  while true do
    local first = redis.call('ZRANGEBYLEX', scratch, from, '+', 'LIMIT', 0, 1)[1]
    if not first then break end
    local lo = boundOf(q, first)
    local hi = boundAfter(q, lo)
    out[#out + 1] = {chunkKey(q, lo), redis.call('ZRANGEBYLEX', scratch, '[' .. first, hi and '(' .. hi or '+'), lo}
    if not hi then break end
    from = '[' .. hi
  end
  return out
end

insertTasks = function(q, ids, tasks)
  local packed, scratch = {}, q .. ':sorting'
  local sorting = #ids > FEW -- byChunk sorts in the scratch; a split does too
  for i, id in ipairs(ids) do packed[id] = packTask(tasks[i]) end
  for _, chunk in ipairs(byChunk(q, scratch, ids)) do
    local key, m, args = chunk[1], chunk[2], {}
    for _, id in ipairs(m) do args[#args + 1] = id; args[#args + 1] = packed[id] end
    if redis.call('HLEN', key) + #m <= CHUNK_MAX then
      bulk('HSET', key, args)
    else
      -- the chunk's own ids join the new ones in the scratch, which then gives them all in order
      local old = redis.call('HKEYS', key)
      toScratch(scratch, old, m)
      sorting = true
      -- the scratch may hold other chunks' new ids too: only this chunk's range
      local hi = boundAfter(q, chunk[3])
      local ordered = redis.call('ZRANGEBYLEX', scratch, chunk[3] == '' and '-' or '[' .. chunk[3], hi and '(' .. hi or '+')
      -- The last chunk is where ids made by the store (which grow) arrive: its pieces are filled from the
      -- start, so the chunks it leaves behind stay full. Elsewhere the pieces are of equal size.
      local size = CHUNK_MAX
      if hi then size = math.ceil(#ordered / math.ceil(#ordered / CHUNK_MAX)) end
      -- the common case: the first piece is exactly the chunk as it was, which then stays untouched
      local kept = #old == size
      for i = 1, size do
        if packed[ordered[i]] then kept = false; break end
      end
      local values = {}
      if not kept then
        local all = redis.call('HGETALL', key)
        for i = 1, #all, 2 do values[all[i]] = all[i + 1] end
        redis.call('DEL', key)
      end
      for _, id in ipairs(m) do values[id] = packed[id] end
      for first = kept and size + 1 or 1, #ordered, size do
        local piece = {}
        for i = first, math.min(first + size - 1, #ordered) do
          piece[#piece + 1] = ordered[i]; piece[#piece + 1] = values[ordered[i]]
        end
        local target = key
        if first > 1 then
          target = chunkKey(q, ordered[first])
          addBound(q, ordered[first])
        end
        redis.call('HSET', target, unpack(piece))
      end
    end
  end
  if sorting then redis.call('DEL', scratch) end
end

-- a chunk left with fewer than this many tasks joins the chunk before it, when they fit in one: a queue
-- whose tasks are deleted here and there would otherwise keep a chunk (a key and an index entry) for a few
local CHUNK_LOW = CHUNK_MAX / 4

local function removeTasks(q, ids)
  local g = group(q, ids)
  for _, key in ipairs(g.keys) do
    local m, args = g.members[key], {}
    for _, i in ipairs(m) do args[#args + 1] = ids[i] end
    bulk('HDEL', key, args)
    local bound = g.bounds[key]
    local left = redis.call('HLEN', key)
    if bound ~= '' and left < CHUNK_LOW then
      local before = chunkKey(q, boundBefore(q, bound))
      if left == 0 or redis.call('HLEN', before) + left <= CHUNK_MAX then
        -- its range joins the chunk before once its bound goes, so its tasks move there
        if left > 0 then redis.call('HSET', before, unpack(redis.call('HGETALL', key))) end
        redis.call('DEL', key)
        dropBound(q, bound)
      end
    end
  end
end
