-- events.lua: reads a queue's event stream, oldest first (the client has no stream commands). Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the first id to return ('-' for the oldest kept)   ARGV[2] most events to return
-- ARGV[3]  HistoryLimits.EventStreamLength: only the newest this many entries count as kept (the
--          XADDs trim approximately, leaving up to a stream node's worth of older ones)
-- Returns  XRANGE's reply: {{id, {t, task, y, type, f, from, o, to, si, silo, a, attempt, ts, ms, e, error}}, ...}
--          (fields as _history.lua writes them); {} when the stream does not exist
local key, start, kept = KEYS[1] .. ':events', ARGV[1], tonumber(ARGV[3])
if kept <= 0 then return {} end
local excess = redis.call('XLEN', key) - kept
if excess > 0 then
  -- the last entry beyond the newest 'kept' (at most a node's worth to read)
  local gone = redis.call('XRANGE', key, '-', '+', 'COUNT', excess)
  local cutoff = gone[#gone][1]
  local cms, cseq = string.match(cutoff, '^(%d+)-(%d+)$')
  local sms, sseq = string.match(start, '^(%d+)-(%d+)$')
  cms, cseq, sms, sseq = tonumber(cms), tonumber(cseq), tonumber(sms), tonumber(sseq)
  if not sms or sms < cms or (sms == cms and sseq <= cseq) then start = '(' .. cutoff end
end
return redis.call('XRANGE', key, start, '+', 'COUNT', tonumber(ARGV[2]))
