-- _family.lua: parents, children and workflow nodes (RedisKeys documents the fields and keys), for the
-- scripts with the line "--#include _family" after "--#include _tasks", "--#include _history"
-- and "--#include _ready", whose helpers it uses.
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1]) and
--          build only keys under its hash tag; what concerns another queue goes to this queue's outbox
-- ARGV     none of its own: the including script passes its ARGV values in
-- Returns  nothing; the helpers:
--   notice(q, fields)           appends a notice (a JSON array, below) to <q>:notices for the caller to
--                               deliver after the script
--   noticesPending(q)           the length of <q>:notices when this call added to it, else 0: what the
--                               scripts return so the store knows to deliver
--   leaveIndex(q, t, id)        takes a task out of the index of its state (P, S, H, W or R; a Running one
--                               out of its key's running set too)
--   unblock(q, t, id, now, events, quiet)  Waiting -> Scheduled while ra > now, else Pending (with a 'w'
--                               notice, so the listeners hear that work is ready, unless quiet: the caller
--                               wakes the queue); an 'unblocked' event
--   firstEnd(t, id, state)      for a task reaching its first terminal state (state D, F or C; or deleted
--                               before it finished, as C) while loaded: marks it counted (cn) and returns
--                               what must be told to its parent and its workflow, or nil (no parent and
--                               no node, or counted already)
--   tell(q, job, now, events)   tells it, after the task was saved: a parent in this queue is counted
--                               at once (countChild); one in another queue gets a 'c' notice; a node
--                               gets an 'n' notice
--   countChild(q, parentId, childId, index, state, err, now, events)  counts a child on its parent in q
--                               once (bit index of <q>:counted:<parentId>): cf + 1, cx + 1 unless D,
--                               progress, a 'childFinished' event; then fails the parent fast (policy F,
--                               the child not D, the parent not terminal: an 'x' notice cancels its
--                               unfinished children) or unblocks a Waiting parent whose children are all
--                               counted. Nothing when the parent is gone.
-- Notices, JSON arrays: {'c', parentQueue, parentId, childId, childIndex, state, error or ''} count a
-- child on its parent in another queue · {'n', taskId, state, node JSON} a workflow node finished ·
-- {'w', queue} work became ready there · {'x', parentId, 'f' or 'c', childId or '', state or ''} cancel the
-- parent's unfinished children (f: it failed fast after that child ended so; c: it was canceled).
local stateWords = {D = 'Succeeded', F = 'Failed', C = 'Canceled'}
local noticed = false

-- A function library keeps its locals between calls: each call starts having added no notice.
local function resetNotices() noticed = false end

local function ownQueue(q) return string.match(q, '{q:(.*)}$') end

local function notice(q, fields)
  redis.call('RPUSH', q .. ':notices', cjson.encode(fields))
  noticed = true
end

local function noticesPending(q)
  if not noticed then return 0 end
  return redis.call('LLEN', q .. ':notices')
end

local function leaveIndex(q, t, id)
  local s = t[STATE]
  if s == 'P' then removeReady(q, t[PRIORITY], id, t)
  elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
  elseif s == 'H' then redis.call('SREM', q .. ':held', id)
  elseif s == 'W' then redis.call('SREM', q .. ':waiting', id)
  elseif s == 'R' then
    leaveRunning(q, t, id)
  end
end

local function unblock(q, t, id, now, events, quiet)
  redis.call('SREM', q .. ':waiting', id)
  local to = 'P'
  if t[RUN_AT] and tonumber(t[RUN_AT]) > tonumber(now) then
    to = 'S'
    redis.call('ZADD', q .. ':scheduled', t[RUN_AT], id)
  else
    local ready = readyBatch(q, now)
    addReady(ready, t[PRIORITY], id, t)
    pushReady(q, ready)
    if not quiet then notice(q, {'w', ownQueue(q)}) end
  end
  t[STATE] = to
  event(q, events, id, 'unblocked', 'W', to, nil, t[ATTEMPT] or 0, now)
end

local function firstEnd(t, id, state)
  if t[COUNTED] or not (t[PARENT_ID] or t[NODE]) then return nil end
  t[COUNTED] = 1
  return {id = id, state = state, err = t[ERROR], parent = t[PARENT_ID], parentQueue = t[PARENT_QUEUE], index = t[CHILD_INDEX], node = t[NODE]}
end

local countChild

local function tell(q, job, now, events)
  if not job then return end
  if job.node then notice(q, {'n', job.id, job.state, job.node}) end
  if not job.parent then return end
  if job.parentQueue == ownQueue(q) then
    countChild(q, job.parent, job.id, job.index, job.state, job.err, now, events)
  else
    notice(q, {'c', job.parentQueue, job.parent, job.id, tonumber(job.index), job.state, job.err or ''})
  end
end

-- the error of a parent failed fast: FamilyGuard.FailedFastError's words
local function failedFastError(childId, state, err)
  local e = "Child '" .. childId .. "' ended " .. stateWords[state]
  if err and err ~= '' then e = e .. ': ' .. err end
  return e
end

countChild = function(q, parentId, childId, index, state, err, now, events)
  local p, key = loadTask(q, parentId)
  if not p then return end
  if redis.call('SETBIT', q .. ':counted:' .. parentId, tonumber(index), 1) == 1 then return end
  local count = tonumber(p[CHILD_COUNT]) or 0
  local finished = (tonumber(p[CHILDREN_FINISHED]) or 0) + 1
  p[CHILDREN_FINISHED] = finished
  if state ~= 'D' then p[CHILDREN_FAILED] = (tonumber(p[CHILDREN_FAILED]) or 0) + 1 end
  local progress = 100
  if count > 0 then progress = math.min(100, math.floor(100 * finished / count)) end
  p[PROGRESS], p[PROGRESS_MESSAGE] = progress, string.format('%d of %d children finished', finished, count)
  local s = p[STATE]
  event(q, events, parentId, 'childFinished', s, s, nil, p[ATTEMPT] or 0, now, nil, progress)
  local job
  if p[FAILURE_POLICY] == 'F' and state ~= 'D' and not stateWords[s] then
    local silo, attempt = p[SILO], p[ATTEMPT]
    leaveIndex(q, p, parentId)
    -- a parent still running loses its attempt: its handler's outcome is rejected
    if s == 'R' then p[TOKEN], p[ENDED_ATTEMPT], p[ENDED_AT] = tonumber(p[TOKEN]) + 1, 'f' .. attempt, now end
    local e = failedFastError(childId, state, err)
    p[STATE], p[ERROR], p[FINISHED] = 'F', e, now
    redis.call('ZADD', q .. ':failed', now, parentId)
    tally(q, 'f', now, 1)
    event(q, events, parentId, 'failed', s, 'F', s == 'R' and silo or nil, attempt or 0, now, e)
    notice(q, {'x', parentId, 'f', childId, state})
    job = firstEnd(p, parentId, 'F')
  elseif s == 'W' and finished >= count then
    unblock(q, p, parentId, now, events)
  end
  saveTask(key, parentId, p)
  tell(q, job, now, events)
end
