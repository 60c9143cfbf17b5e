--[[
Removes a comment that is still unconfirmed intake (its job was never confirmed as queued), so a 503
answer stays true: nothing is kept. Compare-and-set: a confirmed comment is left alone.

KEYS[1]  comment hash            {P}:c:<id>
KEYS[2]  intake index            {P}:intake
ARGV[1]  p, the `{P}:` key start
ARGV[2]  the comment id
ARGV[3]  sha256 of its normalised text, so the repeat counter forgets it
Result   1 discarded | 0 not intake (confirmed or gone)
]]
local commentKey, intakeKey = KEYS[1], KEYS[2]
local p, id, textHash = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('HMGET', commentKey, 'intake', 'siteId')
if not cur[1] then
  redis.call('ZREM', intakeKey, id)
  return 0
end
redis.call('DEL', commentKey)
redis.call('ZREM', intakeKey, id)
local seen = p .. 'site:' .. cur[2] .. ':text-seen'
if redis.call('HINCRBY', seen, textHash, -1) <= 0 then redis.call('HDEL', seen, textHash) end
return 1
