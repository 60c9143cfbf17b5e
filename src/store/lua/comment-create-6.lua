--[[
Stores a submitted comment: as unconfirmed intake (two-phase; not listed and not scored until
comment-confirm runs once its moderation job is queued, discarded by comment-discard if that never
happens), or at once as pending. With an Idempotency-Key claim it binds the key to the comment in the
same step, so a retry after a crash finds this comment instead of creating a second one.

KEYS[1]  comment record          {P}:c:<id>
KEYS[2]  intake index            {P}:intake
KEYS[3]  the site's text-seen    {P}:site:<siteId>:text-seen
KEYS[4]  sequence counter        {P}:seq
KEYS[5]  idempotency record      {P}:idem:<hash>, or the never-written {P}:idem:- without a claim
KEYS[6]  the author's comments   {P}:author:<sha256(email)>
ARGV[1]  p, the `{P}:` key start (the status indexes share the tag)
ARGV[2]  the call's values as one MessagePack array (msgpack-strings.ts packStrings; one argument instead of
         seven, each of which cost the API a few strings to send), in this order:
         1 comment id; 2 now, ms since the epoch; 3 sha256 of the normalised text; 4 '1' to store as unconfirmed
         intake, '' to store as pending at once; 5 the claim's owner token, '' without a claim; 6 comment id the
         caller found bound to the claim but gone, '' if none; 7 the author index entry:
         "<siteId>\n<authorHash as its 32 bytes, or ''>"; 8 the record's authorHash (64 hex digits, or '')
ARGV[3]  the record's values from id to signals, in the order of COMMENT_FIELDS (includes/record), as one
         MessagePack array (the script adds v, order, rev, authorHash, intake and textHash around them: the text's
         hash is kept in the record so that the worker's read finds the repeat count with it)
Result   {'created', order score} | {'superseded', id bound to the claim by another request, or ''}
]]
-- The record positions this script needs, as plain values instead of the tables of includes/record: a script's top
-- level runs on every call, and building those tables cost about a ninth of this script's work. A unit test checks
-- them against COMMENT_FIELDS and includes/record.
-- The fields after signals are written in this order, without gaps: order, rev, authorHash, intake, the three
-- would-have fields, textHash (the unit test checks these positions too).
local P_id, P_signals, P_order, P_rev, P_authorHash, P_intake, P_wouldHave, P_textHash, COMMENT_FORMAT = 2, 18, 19, 20, 21, 22, 23, 26, '1'
local sub, char = string.sub, string.char

-- A string of fewer than 256 bytes as MessagePack (fixstr or str8, as cmsgpack.pack writes it).
local function packShort(v)
  local n = #v
  if n < 32 then return char(0xa0 + n) .. v end
  return char(0xd9, n) .. v
end

local commentKey, intakeKey, textSeenKey, seqKey, idemKey, authorKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local a = cmsgpack.unpack(ARGV[2])
local p, id, nowMs, textHash, intake, owner, goneId, authorEntry, authorHash =
  ARGV[1], a[1], tonumber(a[2]), a[3], a[4] or '', a[5] or '', a[6] or '', a[7] or '', a[8] or ''
if owner ~= '' then
  local rec = redis.call('HMGET', idemKey, 'owner', 'state', 'commentId')
  local bound = rec[3] or ''
  if rec[1] ~= owner or rec[2] ~= 'pending' then return {'superseded', bound} end
  if bound ~= '' and bound ~= goneId then return {'superseded', bound} end
end
local seq = redis.call('INCR', seqKey)
-- %.0f: Lua's default number formatting keeps 14 significant digits, too few for ms * 1000.
local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
-- The stored record is the caller's values from id to signals with v, order, rev, the author hash, the intake
-- mark ('1' or ''), the three empty would-have fields and the text's hash around them: the bytes writeRecord would
-- write after unpacking, filling in and packing them all, for a fraction of the cost. The text's hash is never '', so
-- nothing trails.
local body = ARGV[3]
if sub(body, 1, 3) ~= char(0xdc, 0, P_signals - P_id + 1) then
  return redis.error_reply('comment-create: ARGV[3] is not the record from id to signals')
end
local stored = char(0xdc, 0, P_textHash) .. char(0xa0 + #COMMENT_FORMAT) .. COMMENT_FORMAT .. sub(body, 4) .. packShort(order)
  .. packShort('0') .. packShort(authorHash) .. packShort(intake) .. char(0xa0, 0xa0, 0xa0) .. packShort(textHash)
redis.call('SET', commentKey, stored)
if intake == '1' then
  redis.call('ZADD', intakeKey, nowMs, id)
else
  local site = sub(authorEntry, 1, string.find(authorEntry, '\n', 1, true) - 1)
  redis.call('ZADD', p .. 'status:pending', order, id)
  redis.call('ZADD', p .. 'site:' .. site .. ':status:pending', order, id)
end
redis.call('HINCRBY', textSeenKey, textHash, 1)
redis.call('HSET', authorKey, id, authorEntry)
if owner ~= '' then redis.call('HSET', idemKey, 'commentId', id) end
return {'created', order}
