--[[
Records the answer to replay for an Idempotency-Key, for the replay window from now.

KEYS[1]  the record {P}:idem:<sha256(scope, key)>
ARGV[1]  fingerprint of the request body
ARGV[2]  HTTP status
ARGV[3]  JSON body
ARGV[4]  replay window, s
Result   1
]]
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'done', 'status', ARGV[2], 'body', ARGV[3])
redis.call('HDEL', KEYS[1], 'leaseUntil')
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
