-- _lanes.lua: the choice of a claim from a queue with routed work, for claim.lua ("--#include _lanes",
-- after "--#include _tasks" and "--#include _ready": the lanes are _ready.lua's).
-- KEYS     none of its own: it takes the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own: claim.lua passes its values in
-- Returns  nothing; the helper:
--   claimRouted(q, c)  chooses up to c.take tasks of total cost at most c.slots from the silo lane of
--            c.silo, the fit lane, the key lanes and the shared lists: highest priority first; at equal
--            priority the lanes first (by score), then the shared list (FIFO). A lane's task is taken
--            only if its cost fits the slots left, c.labels holds its every label, its key runs fewer
--            than its limit (<q>:krun:<key>, exact: every end of an attempt leaves it; plus those taken
--            here), and its load
--            strategy does not leave it to another silo (within c.window ms of rs: leastLoaded when
--            c.deferLeast, bestFit when some c.others f has cost <= f < c.slots). One that does not fit
--            keeps its place. Takes the chosen ones out of their lanes and lists and adds the keyed ones
--            to their key's running set (a key that now runs its limit moves to <q>:kfull); returns their
--            ids, tasks and chunk keys (aligned, in claim order) and the earliest rs + window of a task it
--            left to another silo (nil when none).
-- Bounds, per call: the first c.take + 64 of the silo lane, 256 of the fit lane, the first 128 keys of
-- <q>:keys (by their lane's head; keys at their limit wait in <q>:kfull, out of the way) with 16 of each
-- key's lane; a key lane is left at its first task refused for its key's limit (the rest share the key).
local SILO_EXTRA, FIT_BOUND, KEY_BOUND, KEY_DEPTH, MAX_PAGE = 64, 256, 128, 16, 32

local function lane(zset, kind, target, bound, headScore)
  return {zset = zset, kind = kind, target = target, bound = bound, head = headScore, ids = {}, scores = {}, pos = 1, read = 0, page = 1}
end

-- the next page of a lane, loaded; false when it has no more within its bound. Pages double from one task:
-- most claims look at a lane's head only (it is taken, or its key is full), and loading a task costs more
-- than the call that reads it
local function fill(q, s)
  s.head = nil
  if s.pos <= #s.ids then return true end
  if s.ended or s.read >= s.bound then return false end
  local n = math.min(s.page, s.bound - s.read)
  s.page = math.min(2 * s.page, MAX_PAGE)
  local r = redis.call('ZRANGE', s.zset, s.read, s.read + n - 1, 'WITHSCORES')
  local ids, scores = {}, {}
  for i = 1, #r, 2 do ids[#ids + 1] = r[i]; scores[#scores + 1] = tonumber(r[i + 1]) end
  s.read, s.ended = s.read + #ids, #ids < n
  s.ids, s.scores, s.pos = ids, scores, 1
  s.tasks, s.keys = loadTasks(q, ids)
  return #ids > 0
end

-- a key lane not read yet answers with its index score; the others with their next task's
local function headOf(q, s)
  if s.head then return s.head end
  if fill(q, s) then return s.scores[s.pos] end
  return nil
end

local function claimRouted(q, c)
  local lanes = {lane(q .. ':routed:' .. c.silo, 's', c.silo, c.take + SILO_EXTRA), lane(q .. ':fit', 'f', nil, FIT_BOUND)}
  local keys = redis.call('ZRANGE', q .. ':keys', 0, KEY_BOUND - 1, 'WITHSCORES')
  for i = 1, #keys, 2 do lanes[#lanes + 1] = lane(q .. ':key:' .. keys[i], 'k', keys[i], KEY_DEPTH, tonumber(keys[i + 1])) end

  local running, takenOf = {}, {}
  local function runningOf(key)
    local n = running[key]
    if not n then
      n = redis.call('SCARD', q .. ':krun:' .. key)
      running[key] = n
    end
    return n
  end

  local slotsLeft, deferDue = c.slots, nil
  local function fits(t)
    local r = t[ROUTING] and cjson.decode(t[ROUTING]) or {}
    local cost = tonumber(r.cost) or 1
    if cost > slotsLeft then return false end
    if type(r.labels) == 'table' then
      for k, v in pairs(r.labels) do
        if c.labels[k] ~= v then return false end
      end
    end
    local key = type(r.concurrencyKey) == 'string' and r.concurrencyKey or nil
    if key then
      local limit, taken = tonumber(r.maxConcurrent) or 1, takenOf[key] or 0
      if runningOf(key) + taken >= limit then return false, 0, key, true end
    end
    local since = tonumber(t[SINCE]) or c.now
    if c.now - since < c.window then
      local elsewhere = r.strategy == 'leastLoaded' and c.deferLeast
      if r.strategy == 'bestFit' then
        for _, f in ipairs(c.others) do
          if cost <= f and f < c.slots then elsewhere = true end
        end
      end
      if elsewhere then
        if not deferDue or since + c.window < deferDue then deferDue = since + c.window end
        return false
      end
    end
    return true, cost, key
  end

  local levels, li, levelLeft = readyLevels(q), 1, nil
  local picked, count = {}, 0
  while count < c.take and slotsLeft >= 1 do
    local best, bestScore
    for _, s in ipairs(lanes) do
      local h = headOf(q, s)
      if h and (not bestScore or h < bestScore) then best, bestScore = s, h end
    end
    local level
    while li <= #levels do
      levelLeft = levelLeft or redis.call('LLEN', q .. ':ready:' .. levels[li])
      if levelLeft > 0 then level = levels[li]; break end
      li, levelLeft = li + 1, nil
    end
    if not best and not level then break end
    if level and (not best or tonumber(level) > 1000 - math.floor(bestScore / LANE_SHIFT)) then
      -- every shared task of this priority comes before what the lanes hold now: take as many as may be
      local n = math.min(levelLeft, c.take - count, slotsLeft)
      picked[#picked + 1] = {level = level, n = n}
      count, slotsLeft, levelLeft = count + n, slotsLeft - n, levelLeft - n
    elseif best.head then
      fill(q, best) -- a key lane's first look: compare again with its own head
    else
      local i = best.pos
      best.pos = i + 1
      local id, t = best.ids[i], best.tasks[i]
      local taken, cost, key, full = false, 0, nil, false
      if not t or t[STATE] ~= 'P' then
        best.stale = best.stale or {}
        best.stale[#best.stale + 1] = id -- an entry without its Pending task would be a bug; it goes
      else
        taken, cost, key, full = fits(t)
      end
      if full and best.kind == 'k' then best.pos, best.ended = #best.ids + 1, true end
      if taken then
        picked[#picked + 1] = {id = id, t = t, key = best.keys[i], lane = best, concurrency = key}
        count, slotsLeft = count + 1, slotsLeft - cost
        if key then takenOf[key] = (takenOf[key] or 0) + 1 end
      end
    end
  end

  local ids, tasks, chunkKeys, touched = {}, {}, {}, {}
  for _, p in ipairs(picked) do
    if p.level then
      local popped = {}
      popLevel(q, p.level, p.n, popped)
      local ts, ks = loadTasks(q, popped)
      for i, id in ipairs(popped) do ids[#ids + 1] = id; tasks[#tasks + 1] = ts[i]; chunkKeys[#chunkKeys + 1] = ks[i] end
    else
      ids[#ids + 1] = p.id; tasks[#tasks + 1] = p.t; chunkKeys[#chunkKeys + 1] = p.key
      local l = p.lane
      l.leaving = l.leaving or {}
      l.leaving[#l.leaving + 1] = p.id
      if p.concurrency then
        redis.call('SADD', q .. ':krun:' .. p.concurrency, p.id)
        touched[#touched + 1] = p.concurrency
      end
    end
  end
  for _, s in ipairs(lanes) do
    local gone = s.leaving or {}
    for _, id in ipairs(s.stale or {}) do gone[#gone + 1] = id end
    if s.kind == 'k' then
      bulk('ZREM', s.zset, gone)
      -- an index entry whose lane is empty would be a bug: indexKey drops it
      if #gone > 0 or (s.ended and s.read == 0) then touched[#touched + 1] = s.target end
    elseif #gone > 0 then
      fromLane(q, s.kind, s.target, s.zset, gone)
    end
  end
  local filed = {}
  for _, key in ipairs(touched) do
    if not filed[key] then filed[key] = true; indexKey(q, key) end
  end
  return ids, tasks, chunkKeys, deferDue
end
