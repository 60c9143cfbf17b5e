--[[
Stores the submissions of one turn of the event loop (the requests an API process handled together) in one call:
each is stored, or not, on its own, as unconfirmed intake (two-phase; not listed and not scored until comment-confirm
runs once its moderation job is queued, discarded by comment-discard if that never happens) or at once as pending,
with its Idempotency-Key binding (so a retry after a crash finds this comment instead of creating a second one), its
repeat count and its author entry, and answers on its own; one submission's outcome never depends on another's,
except through the keys they share, in the order given (two claims of one key: the first binds it, the second finds
it bound, as their own calls in that order would).

KEYS[1]  intake index            {P}:intake
ARGV[1]  p, the `{P}:` key start: every other key is built from it, so all stay in the comment slot on a Cluster
ARGV[2]  how many submissions follow
then, for each submission, one value: a MessagePack array (msgpack-strings.ts packStrings) of
         1 comment id; 2 now, ms since the epoch; 3 sha256 of the normalised text (64 hex digits); 4 '1' to store as
         unconfirmed intake, '' to store as pending at once; 5 the claim's owner token, '' without a claim; 6 comment
         id the caller found bound to the claim but gone, '' if none; 7 the author index entry:
         "<siteId>\n<authorHash as its 32 bytes, or ''>"; 8 the record's authorHash (64 hex digits, or ''); 9 the
         site id; 10 sha256 of the lower-cased e-mail (64 hex digits); 11 the idempotency record key {P}:idem:<hash>
         ('' without a claim); 12 the record's values from id to signals, in the order of COMMENT_FIELDS
         (includes/record), as one MessagePack array (createComment below adds v, order, rev, authorHash, intake,
         the would-have fields and textHash around them)
Result   one reply per submission, in order: {'created', order score} | {'superseded', id bound to the claim by
         another request, or ''}, or {'error', message} for one that raised an error (a key of the wrong type, a
         malformed value): the others are still stored and answered
]]
-- The record positions this script needs, as plain values instead of the tables of includes/record: a script's top
-- level runs on every call, and building those tables cost about a ninth of the store script's work. A unit test
-- checks them against COMMENT_FIELDS and includes/record. The fields after signals are written in this order,
-- without gaps: order, rev, authorHash, intake, the three would-have fields, textHash (the unit test checks these
-- positions too).
local P_id, P_signals, P_order, P_rev, P_authorHash, P_intake, P_wouldHave, P_textHash, COMMENT_FORMAT = 2, 18, 19, 20, 21, 22, 23, 26, '1'
local sub, char = string.sub, string.char

-- A string of fewer than 256 bytes as MessagePack (fixstr or str8, as cmsgpack.pack writes it).
local function packShort(v)
  local n = #v
  if n < 32 then return char(0xa0 + n) .. v end
  return char(0xd9, n) .. v
end

-- Stores one submission: the comment's record, the intake index, the site's text-seen hash, the sequence counter, the
-- claim's idempotency record (or the never-written {P}:idem:-) and the author's comments, `p` the `{P}:` key start,
-- `a` the submission's values and `body` its record from id to signals. Returns {'created', order} or
-- {'superseded', bound id or ''}, or an error reply for a malformed body (checked before anything is written).
local function createComment(commentKey, intakeKey, textSeenKey, seqKey, idemKey, authorKey, p, a, body)
  local id, nowMs, textHash, intake, owner, goneId, authorEntry, authorHash =
    a[1], tonumber(a[2]), a[3], a[4] or '', a[5] or '', a[6] or '', a[7] or '', a[8] or ''
  if owner ~= '' then
    local rec = redis.call('HMGET', idemKey, 'owner', 'state', 'commentId')
    local bound = rec[3] or ''
    if rec[1] ~= owner or rec[2] ~= 'pending' then return {'superseded', bound} end
    if bound ~= '' and bound ~= goneId then return {'superseded', bound} end
  end
  if sub(body, 1, 3) ~= char(0xdc, 0, P_signals - P_id + 1) then
    return redis.error_reply('comment-create: the record argument is not the record from id to signals')
  end
  local seq = redis.call('INCR', seqKey)
  -- %.0f: Lua's default number formatting keeps 14 significant digits, too few for ms * 1000.
  local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
  -- The stored record is the caller's values from id to signals with v, order, rev, the author hash, the intake
  -- mark ('1' or ''), the three empty would-have fields and the text's hash around them: the bytes writeRecord would
  -- write after unpacking, filling in and packing them all, for a fraction of the cost. The text's hash is kept in the
  -- record so that the worker's read finds the repeat count with it; it is never '', so nothing trails.
  local stored = char(0xdc, 0, P_textHash) .. char(0xa0 + #COMMENT_FORMAT) .. COMMENT_FORMAT .. sub(body, 4)
    .. packShort(order) .. packShort('0') .. packShort(authorHash) .. packShort(intake) .. char(0xa0, 0xa0, 0xa0)
    .. packShort(textHash)
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
end
local intakeKey, p, n = KEYS[1], ARGV[1], tonumber(ARGV[2])
local seqKey, noClaim = p .. 'seq', p .. 'idem:-'

local function createOne(packed)
  local a = cmsgpack.unpack(packed)
  local idemKey = a[11] or ''
  if idemKey == '' then
    idemKey = noClaim
  elseif sub(idemKey, 1, #p) ~= p then
    error('comment-create-many: the idempotency key is outside the comment slot')
  end
  return createComment(p .. 'c:' .. a[1], intakeKey, p .. 'site:' .. a[9] .. ':text-seen', seqKey, idemKey,
    p .. 'author:' .. a[10], p, a, a[12] or '')
end

local out = {}
for i = 1, n do
  local ok, reply = pcall(createOne, ARGV[i + 2])
  if not ok then
    reply = {'error', type(reply) == 'table' and tostring(reply.err) or tostring(reply)}
  elseif reply.err then
    reply = {'error', reply.err}
  end
  out[i] = reply
end
return out
