--[[
Records one delivery attempt and its outcome in one step.

KEYS[1]  the event's record {P}:wh:e:<eventId>; the other keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  new status: delivered | retrying | dead
ARGV[3]  attempt time (ISO)
ARGV[4]  HTTP status code, '' for none
ARGV[5]  error, '' for none
ARGV[6]  the URL attempted
Result   the record after the call as field, value pairs; empty when the event does not exist
]]
--- @include "delivery-record"
local key = KEYS[1]
local p, status, at, code, err, url = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if redis.call('EXISTS', key) == 0 then return {} end
redis.call('HINCRBY', key, 'attempts', 1)
redis.call('HSET', key, 'status', status, 'lastAttemptAt', at, 'lastStatusCode', code, 'lastError', err, 'url', url)
if status == 'delivered' then redis.call('HSET', key, 'deliveredAt', at) end
if status ~= 'retrying' then finish(p, key) end
return deliveryRecord(key)
