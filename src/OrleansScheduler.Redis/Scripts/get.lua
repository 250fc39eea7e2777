-- get.lua: one task, and optionally one of its lists, read in one step.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] '' (the task alone), 'attempts' or 'logs' (also that list of the task)
-- Returns  {} no such task; {fields} or {fields, list}: fields as HGETALL would give the task's fields,
--          list the whole attempts:<id> or logs:<id> list, oldest first
--#include _tasks
local q, id, which = KEYS[1], ARGV[1], ARGV[2]
local t = loadTask(q, id)
if not t then return {} end
if which == '' then return {taskFields(t)} end
if which ~= 'attempts' and which ~= 'logs' then return redis.error_reply('get.lua: unknown list ' .. which) end
return {taskFields(t), redis.call('LRANGE', q .. ':' .. which .. ':' .. id, 0, -1)}
