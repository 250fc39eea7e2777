-- memory_policy.lua: the server's maxmemory-policy, which the store checks on every primary it loads the library on:
-- under an evicting policy a full Redis deletes keys (tasks, queues, the membership) instead of refusing writes.
-- Read from INFO inside the function because the store's connection is no admin one (CONFIG is not allowed in scripts).
-- Reads only; allowed when memory is full.
-- KEYS     none (called on each primary in turn)
-- ARGV     none
-- Returns  the policy, e.g. 'noeviction'; an error reply when the user's ACL denies INFO
--#flags no-writes allow-oom
local info = redis.call('INFO', 'memory')
return string.match(info, 'maxmemory_policy:([%w%-]+)') or ''
