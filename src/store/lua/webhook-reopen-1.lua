--[[
Puts an event back to pending for a moderator's redelivery, and back in the outbox so that a lost
redelivery job is queued again by the sweeper.

KEYS[1]  the event's record {P}:wh:e:<eventId>; the outbox key is built from ARGV[1] and shares its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  now, ms since the epoch
Result   the record after the call as field, value pairs; empty when the event does not exist
]]
--- @include "delivery-record"
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return {} end
redis.call('HSET', key, 'status', 'pending')
redis.call('ZADD', ARGV[1] .. 'wh:outbox', ARGV[2], redis.call('HGET', key, 'id'))
return deliveryRecord(key)
