--[[
Releases a claim after an answer worth retrying (409, 429, 5xx), so the retry need not wait for the
lease. A record already answered stays. A claim bound to a comment keeps the binding: that comment
may exist, and the retry must find it rather than store a second one.

KEYS[1]  the record {P}:idem:<sha256(scope, key)>
ARGV[1]  owner token of the releasing request, '' for any
Result   1 released | 0 nothing to release
]]
local rec = redis.call('HMGET', KEYS[1], 'state', 'commentId', 'owner')
if rec[1] ~= 'pending' then return 0 end
if ARGV[1] ~= '' and rec[3] ~= ARGV[1] then return 0 end
if rec[2] and rec[2] ~= '' then
  redis.call('HSET', KEYS[1], 'leaseUntil', 0)
else
  redis.call('DEL', KEYS[1])
end
return 1
