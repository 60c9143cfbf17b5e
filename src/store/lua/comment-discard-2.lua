--[[
Removes a comment that is still unconfirmed intake (its job was never confirmed as queued), so a 503
answer stays true: nothing is kept. Compare-and-set: a confirmed comment is left alone.

KEYS[1]  comment record          {P}:c:<id>
KEYS[2]  intake index            {P}:intake
ARGV[1]  p, the `{P}:` key start (text-seen, retention and author indexes share the tag)
ARGV[2]  the comment id
ARGV[3]  sha256 of its normalised text, so the repeat counter forgets it
ARGV[4]  sha256 of its lower-cased e-mail, for the author index
Result   1 discarded | 0 not intake (confirmed or gone)
]]
--- @include "record"
local commentKey, intakeKey = KEYS[1], KEYS[2]
local p, id, textHash, emailHash = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local rec = readRecord(commentKey)
if not rec or rec[R.intake] == '' then
  redis.call('ZREM', intakeKey, id)
  return 0
end
redis.call('DEL', commentKey)
redis.call('ZREM', intakeKey, id)
redis.call('ZREM', p .. 'pii', id)
redis.call('HDEL', p .. 'author:' .. emailHash, id)
local seen = p .. 'site:' .. rec[R.siteId] .. ':text-seen'
if redis.call('HINCRBY', seen, textHash, -1) <= 0 then redis.call('HDEL', seen, textHash) end
return 1
