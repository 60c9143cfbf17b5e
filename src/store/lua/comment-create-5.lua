--[[
Stores a submitted comment as unconfirmed intake: not listed and not scored until comment-confirm
runs once its moderation job is queued; comment-discard removes it if that never happens. With an
Idempotency-Key claim it binds the key to the comment in the same step, so a retry after a crash
finds this comment instead of creating a second one.

KEYS[1]  comment hash            {P}:c:<id>
KEYS[2]  intake index            {P}:intake
KEYS[3]  the site's text-seen    {P}:site:<siteId>:text-seen
KEYS[4]  sequence counter        {P}:seq
KEYS[5]  idempotency record      {P}:idem:<hash>, or the never-written {P}:idem:- without a claim
ARGV[1]  comment id
ARGV[2]  now, ms since the epoch
ARGV[3]  sha256 of the normalised text
ARGV[4]  the claim's owner token, '' without a claim
ARGV[5]  comment id the caller found bound to the claim but gone, '' if none
ARGV[6..] field, value pairs of the record
Result   {'created', order score} | {'superseded', id bound to the claim by another request, or ''}
]]
local commentKey, intakeKey, textSeenKey, seqKey, idemKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, nowMs, textHash, owner, goneId = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
if owner ~= '' then
  local rec = redis.call('HMGET', idemKey, 'owner', 'state', 'commentId')
  local bound = rec[3] or ''
  if rec[1] ~= owner or rec[2] ~= 'pending' then return {'superseded', bound} end
  if bound ~= '' and bound ~= goneId then return {'superseded', bound} end
end
local seq = redis.call('INCR', seqKey)
-- %.0f: Lua's default number formatting keeps 14 significant digits, too few for ms * 1000.
local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
local fields = {'order', order, 'rev', 0, 'intake', 1}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', commentKey, unpack(fields))
redis.call('ZADD', intakeKey, nowMs, id)
redis.call('HINCRBY', textSeenKey, textHash, 1)
if owner ~= '' then redis.call('HSET', idemKey, 'commentId', id) end
return {'created', order}
