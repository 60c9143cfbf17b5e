--[[
Takes the outbox entries due for a check (their delivery job may never have been queued) and
schedules their next check, so concurrent sweepers do not take the same entries.

KEYS[1]  the outbox {P}:wh:outbox
ARGV[1]  due at or before, ms since the epoch
ARGV[2]  next check, ms since the epoch
ARGV[3]  at most this many
Result   event ids
]]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id) end
return ids
