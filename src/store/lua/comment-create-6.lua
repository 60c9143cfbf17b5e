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
         "<siteId>\n<authorHash as its 32 bytes, or ''>"
ARGV[3]  the record's values in the order of COMMENT_FIELDS (includes/record) as one MessagePack array, the stored
         form (comment-record-codec.ts encodeRecord), '' for order, rev and intake
Result   {'created', order score} | {'superseded', id bound to the claim by another request, or ''}
]]
--- @include "record"
local byte, sub, char = string.byte, string.sub, string.char

-- The stored record built from ARGV[3]'s bytes: the caller's strings, with v, order, rev and intake filled in, are
-- the same bytes writeRecord would write after unpacking, filling in and packing them, at a fraction of the cost.
-- Returns the record and the site, or nil when ARGV[3] is not in the form expected (v, order, rev and intake '',
-- nothing after intake), for the general path below.
local function storedForm(s, order, intake)
  local len, h = #s, byte(s, 1)
  local count, at
  if h and h >= 0x90 and h <= 0x9f then count, at = h - 0x90, 2
  elseif h == 0xdc then local x, y = byte(s, 2, 3); count, at = x * 256 + y, 4
  else return nil end
  if count < R.signals or count > R.intake or byte(s, at) ~= 0xa0 or #order >= 32 then return nil end
  local from, to, site, author = at + 1, nil, nil, nil
  at = from
  for i = 2, count do
    local h = byte(s, at)
    local n, start
    if not h then return nil
    elseif h >= 0xa0 and h <= 0xbf then n, start = h - 0xa0, at + 1
    elseif h == 0xd9 then n, start = byte(s, at + 1), at + 2
    elseif h == 0xda then local x, y = byte(s, at + 1, at + 2); n, start = x * 256 + y, at + 3
    elseif h == 0xdb then local w, x, y, z = byte(s, at + 1, at + 4); n, start = ((w * 256 + x) * 256 + y) * 256 + z, at + 5
    else return nil end
    if i == R.siteId then site = sub(s, start, start + n - 1)
    elseif i == R.authorHash then if n > 0 then author = sub(s, at, start + n - 1) end
    elseif i > R.signals and n > 0 then return nil end
    if i == R.signals then to = start + n - 1 end
    at = start + n
  end
  if at ~= len + 1 or not to then return nil end
  local tail
  if intake then tail = (author or '\160') .. '\161' .. '1'
  else tail = author or '' end
  local n = intake and R.intake or (author and R.authorHash or R.rev)
  return char(0xdc, 0, n) .. char(0xa0 + #COMMENT_FORMAT) .. COMMENT_FORMAT .. sub(s, from, to) .. char(0xa0 + #order) .. order
    .. '\161' .. '0' .. tail, site
end
local commentKey, intakeKey, textSeenKey, seqKey, idemKey, authorKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local a = cmsgpack.unpack(ARGV[2])
local p, id, nowMs, textHash, intake, owner, goneId, authorEntry =
  ARGV[1], a[1], tonumber(a[2]), a[3], a[4] or '', a[5] or '', a[6] or '', a[7] or ''
if owner ~= '' then
  local rec = redis.call('HMGET', idemKey, 'owner', 'state', 'commentId')
  local bound = rec[3] or ''
  if rec[1] ~= owner or rec[2] ~= 'pending' then return {'superseded', bound} end
  if bound ~= '' and bound ~= goneId then return {'superseded', bound} end
end
local seq = redis.call('INCR', seqKey)
-- %.0f: Lua's default number formatting keeps 14 significant digits, too few for ms * 1000.
local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
local stored, site = storedForm(ARGV[3], order, intake == '1')
if stored then
  redis.call('SET', commentKey, stored)
else
  local rec = cmsgpack.unpack(ARGV[3])
  for i = 1, #COMMENT_FIELDS do rec[i] = rec[i] or '' end
  rec[R.v], rec[R.order], rec[R.rev], rec[R.intake] = COMMENT_FORMAT, order, '0', intake == '1' and '1' or ''
  writeRecord(commentKey, rec)
  site = rec[R.siteId]
end
if intake == '1' then
  redis.call('ZADD', intakeKey, nowMs, id)
else
  redis.call('ZADD', p .. 'status:pending', order, id)
  redis.call('ZADD', p .. 'site:' .. site .. ':status:pending', order, id)
end
redis.call('HINCRBY', textSeenKey, textHash, 1)
redis.call('HSET', authorKey, id, authorEntry)
if owner ~= '' then redis.call('HSET', idemKey, 'commentId', id) end
return {'created', order}
