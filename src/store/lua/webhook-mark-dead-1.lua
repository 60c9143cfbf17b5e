--[[
Finishes an event without an attempt (its site or webhook URL is gone).

KEYS[1]  the event's record {P}:wh:e:<eventId>; the other keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  reason
Result   1 | 0 when the event does not exist
]]
--- @include "delivery-record"
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return 0 end
redis.call('HSET', key, 'status', 'dead', 'lastError', ARGV[2])
finish(ARGV[1], key)
return 1
