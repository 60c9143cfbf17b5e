--[[
Claims an Idempotency-Key for one request. A claim is a lease: if its request dies, the lease runs
out and a retry takes the claim over, learning which comment (if any) the dead request had stored.
Times come from the Redis server's clock, so API hosts' clocks do not matter.

KEYS[1]  the record {P}:idem:<sha256(scope, key)>
ARGV[1]  fingerprint of the request body
ARGV[2]  owner token of this request
ARGV[3]  lease, ms
ARGV[4]  how long the record is kept, s (the replay window)
Result   {'new', comment id bound by an earlier owner or ''} | {'mismatch'} | {'in-progress'} | {'replay', status, body}
]]
local key = KEYS[1]
local fingerprint, owner, leaseMs, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rec = redis.call('HMGET', key, 'fingerprint', 'state', 'leaseUntil', 'commentId', 'status', 'body')
if not rec[1] then
  redis.call('HSET', key, 'fingerprint', fingerprint, 'state', 'pending', 'owner', owner, 'leaseUntil', now + leaseMs)
  redis.call('EXPIRE', key, ttl)
  return {'new', ''}
end
if rec[1] ~= fingerprint then return {'mismatch'} end
if rec[2] == 'done' then return {'replay', rec[5] or '200', rec[6] or 'null'} end
if tonumber(rec[3] or '0') > now then return {'in-progress'} end
redis.call('HSET', key, 'owner', owner, 'leaseUntil', now + leaseMs)
return {'new', rec[4] or ''}
