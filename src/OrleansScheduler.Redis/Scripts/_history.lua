-- _history.lua: helpers for writing a queue's history, for the transition scripts with the line
-- "--#include _history" (layout in RedisKeys), after
-- "--#include _tasks" (archiveAttempt works on a loaded task).
-- KEYS     none of its own: each helper takes the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own: the including script passes its ARGV values in
-- Returns  nothing; the helpers write:
--   event(q, n, id, typ, from, to, silo, attempt, now, err, progress)  buffers one event of this call
--            (nothing when n = 0); flushEvents writes them. progress (a childFinished event's share of
--            the parent's children now terminal) is left off when nil. One XADD per call, not per event, because an XADD
--            costs several times what packing an event costs.
--   flushEvents(q, n)  appends the buffered events as one entry of <q>:events, field b: the events
--            joined by \30, each the fields task \31 type \31 from letter \31 to letter \31 silo \31
--            attempt \31 time (unix ms) \31 error ('' = none; silo and error escaped: \ as \\, \30 as \1,
--            \31 as \2), then \31 progress only when the event has one (an entry written before it had
--            no such field, and reads as no progress). Events are numbered on from 1 per queue; the
--            entry id is <ms>-<number of its first event>, ms the callers' now but never below the last entry's (so ids only grow),
--            and its events' ids are <ms>-<number>. <q>:evlast holds the newest event's id. Entries
--            whose every event is older than the newest n are trimmed (checked each time the count
--            passes a multiple of 64, so up to 63 more events stay a while); events.lua and
--            task_events.lua leave out the older events the newest entry kept may still hold.
--            Every script that calls event() calls flushEvents() before it returns.
--   archiveAttempt(q, cap, t, id)  moves the task's last ended attempt out of the loaded task t (fields
--            ao: outcome letter and attempt number, ae: ended at; written by the script that ended it,
--            with the state; the caller saves t) onto <q>:attempts:<id>, as a JSON array [number, silo,
--            startedMs, endedMs, outcome, error or ''], keeping the newest cap (none when cap = 0).
--            Called when another attempt starts (claim.lua) or the task is run again (retry.lua), so
--            the common task that runs once never writes the list: its one attempt stays in the hash.
--            Outcome letters: s succeeded · f failed · t timedOut · c canceled · o failedOver · r released ·
--            w waiting (a parent's attempt that ended waiting for its children);
--            the error is the hash's e for f and t, else none.
--   tally(q, kind, now, n)  n more transitions into Succeeded (kind 's') or Failed ('f') in the
--            current second's slot of <q>:tput (a ring of 60 slots per kind: field <kind><sec % 60>,
--            value "<sec>:<count>"; a slot holding an older second starts again at 0)
local pendingEvents, pendingAt = {}, 0

-- A function library keeps its locals between calls: each call starts with no events buffered.
local function resetEvents() pendingEvents, pendingAt = {}, 0 end
local escapes = {['\\'] = '\\\\', ['\30'] = '\\1', ['\31'] = '\\2'}

local function escape(s)
  if s == nil or s == '' then return '' end
  if string.find(s, '[\\\30\31]') then return (string.gsub(s, '[\\\30\31]', escapes)) end
  return s
end

local function event(q, n, id, typ, from, to, silo, attempt, now, err, progress)
  if n > 0 then
    local e = id .. '\31' .. typ .. '\31' .. (from or '') .. '\31' .. (to or '') .. '\31'
      .. escape(silo) .. '\31' .. (attempt or 0) .. '\31' .. now .. '\31' .. escape(err)
    if progress then e = e .. '\31' .. string.format('%d', progress) end
    pendingEvents[#pendingEvents + 1] = e
    pendingAt = now
  end
end

local function flushEvents(q, n)
  local count = #pendingEvents
  if n <= 0 or count == 0 then return end
  local key, lastKey = q .. ':events', q .. ':evlast'
  local ms, last = 0, 0
  local previous = redis.call('GET', lastKey)
  if previous then
    local m, l = string.match(previous, '^(%d+)%-(%d+)$')
    ms, last = tonumber(m), tonumber(l)
  else
    -- no id yet: a stream written before the entries were packed must still end below the first one
    local top = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
    if #top > 0 then ms = tonumber(string.match(top[1][1], '^(%d+)')) + 1 end
  end
  ms = math.max(ms, tonumber(pendingAt))
  redis.call('XADD', key, string.format('%d-%d', ms, last + 1), 'b', table.concat(pendingEvents, '\30'))
  last = last + count
  redis.call('SET', lastKey, string.format('%d-%d', ms, last))
  pendingEvents = {}
  -- the oldest entry goes once the next one starts at or before the oldest kept event; looked at only
  -- when the count passes a multiple of 64, as the look reads two entries (readers skip the surplus)
  if math.floor(last / 64) == math.floor((last - count) / 64) then return end
  local keepFrom = last - n + 1
  while true do
    local oldest = redis.call('XRANGE', key, '-', '+', 'COUNT', 2)
    if #oldest < 2 or tonumber(string.match(oldest[2][1], '%-(%d+)$')) > keepFrom then break end
    redis.call('XTRIM', key, 'MINID', oldest[2][1])
  end
end

-- a JSON string of an id-like value; cjson only when it needs escaping (it costs far more than a concatenation)
local function jsonString(s)
  if string.find(s, '[%c"\\]') then return cjson.encode(s) end
  return '"' .. s .. '"'
end

local attemptOutcomes = {s = 'succeeded', f = 'failed', t = 'timedOut', c = 'canceled', o = 'failedOver', r = 'released', w = 'waiting'}

local function archiveAttempt(q, cap, t, id)
  local ao, ae = t[ENDED_ATTEMPT], t[ENDED_AT]
  if not ao then return end
  t[ENDED_ATTEMPT], t[ENDED_AT] = false, false
  if cap <= 0 then return end
  local letter = string.sub(ao, 1, 1)
  local err = (letter == 'f' or letter == 't') and t[ERROR] or ''
  local list = q .. ':attempts:' .. id
  redis.call('RPUSH', list, '[' .. string.sub(ao, 2) .. ',' .. jsonString(t[SILO] or '') .. ',"' .. (t[STARTED] or ae) .. '","'
    .. ae .. '","' .. attemptOutcomes[letter] .. '",' .. jsonString(err) .. ']')
  redis.call('LTRIM', list, -cap, -1)
end

local function tally(q, kind, now, n)
  if n == 0 then return end
  local sec = math.floor(tonumber(now) / 1000)
  local field = kind .. string.format('%d', sec % 60)
  local at, count = string.match(redis.call('HGET', q .. ':tput', field) or '', '^(%d+):(%d+)$')
  if tonumber(at) ~= sec then count = 0 end
  redis.call('HSET', q .. ':tput', field, string.format('%d:%d', sec, tonumber(count) + n))
end
