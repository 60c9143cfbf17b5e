--[[
Confirms comments whose moderation jobs are queued: each leaves intake and is listed as pending. With an
Idempotency-Key claim the answer is recorded in the same step, so "stored, queued and answered" is one fact: a
retry gets the replay whether or not the first answer reached the client. The confirmations of concurrent requests
(those whose jobs went to Redis in one batch) come in one call; each comment is confirmed on its own, and one
comment's answer does not depend on another's.

KEYS[1]  intake index            {P}:intake
ARGV[1]  p, the `{P}:` key start (the status indexes share the tag)
ARGV[2]  how many comments follow
then, for each comment: its id (its record is {P}:c:<id>), then '' without an Idempotency-Key claim, or '1'
         followed by four values: its idempotency record key {P}:idem:<hash>; the claim's owner token; the answer's
         HTTP status ('' to record none); the answer's JSON body. (Two values for most comments: each value costs the
         API a string or two to send.)
Result   one entry per comment, in order: 'confirmed' (also when it already was) | 'missing' (discarded, or never stored)
]]
--- @include "record"
local byte, sub, char = string.byte, string.sub, string.char
local INTAKE_COUNT, TEXT_HASH_COUNT = R.intake, R.textHash

-- A record as comment-create-many stores intake: a MessagePack array of R.textHash strings, v '1', the id, the site and
-- the rest of the caller's values up to signals, then the order, rev '0', the author hash ('' or 64 hex digits), the
-- intake mark '1', the three empty would-have fields and the text's hash (64 hex digits); comment-create-many-1.lua
-- writes these bytes itself, and stores every comment pending. Clearing the mark then means writing '' in its place: the same
-- bytes writeRecord would write after a full unpack and pack. Records stored by earlier versions end at the mark
-- (R.intake strings, no would-have fields, no text hash): clearing it drops that last string (and the author hash
-- before it when that is ''). Only the ends of the record are read: the header, the id and the site at the front,
-- the fixed strings and the order at the back (a walk over every string cost this script most of its work). Returns
-- the site, status, order and the record without its mark, or nil for any other form (the former hash layout, a
-- record already confirmed or changed since, anything unexpected), which the general path below handles.
local function clearIntakeInPlace(s, id)
  if type(s) ~= 'string' then return nil end
  local len, idLen = #s, #id
  if idLen == 0 or idLen > 31 then return nil end
  local h1, h2, h3, v1, v2, idHead = byte(s, 1, 6)
  if h1 ~= 0xdc or h2 ~= 0 or (h3 ~= TEXT_HASH_COUNT and h3 ~= INTAKE_COUNT) or v1 ~= 0xa1 or v2 ~= 0x31 or idHead ~= 0xa0 + idLen then
    return nil
  end
  if sub(s, 7, 6 + idLen) ~= id then return nil end
  local at = 7 + idLen
  local siteHead, siteLen = byte(s, at), nil
  if siteHead and siteHead > 0xa0 and siteHead <= 0xbf then siteLen, at = siteHead - 0xa0, at + 1
  elseif siteHead == 0xd9 then siteLen, at = byte(s, at + 1), at + 2
  else return nil end
  local site = sub(s, at, at + siteLen - 1)
  -- markEnd: where the mark '1' ends; revEnd: where rev '0' ends; cleared: the record without its mark.
  local markEnd, revEnd, cleared
  if h3 == TEXT_HASH_COUNT then
    local w1, w2, w3, t1, t2 = byte(s, len - 68, len - 64)
    if t1 ~= 0xd9 or t2 ~= 64 or w1 ~= 0xa0 or w2 ~= 0xa0 or w3 ~= 0xa0 then return nil end
    markEnd = len - 69
  else
    markEnd = len
  end
  local m1, m2 = byte(s, markEnd - 1, markEnd)
  if m1 ~= 0xa1 or m2 ~= 0x31 then return nil end
  local authorEnd = markEnd - 2
  local noAuthor = byte(s, authorEnd) == 0xa0
  if noAuthor then
    revEnd = authorEnd - 1
  else
    local a1, a2 = byte(s, authorEnd - 65, authorEnd - 64)
    if a1 ~= 0xd9 or a2 ~= 64 then return nil end
    revEnd = authorEnd - 66
  end
  if h3 == TEXT_HASH_COUNT then
    cleared = sub(s, 1, markEnd - 2) .. char(0xa0) .. sub(s, markEnd + 1)
  elseif noAuthor then
    cleared = char(0xdc, 0, R.rev) .. sub(s, 4, revEnd)
  else
    cleared = char(0xdc, 0, R.authorHash) .. sub(s, 4, authorEnd)
  end
  local r1, r2 = byte(s, revEnd - 1, revEnd)
  if r1 ~= 0xa1 or r2 ~= 0x30 then return nil end
  -- The order: the digits that end just before rev, behind their fixstr header.
  local orderEnd = revEnd - 2
  local from = orderEnd > 32 and orderEnd - 32 or 1
  local digits = string.find(sub(s, from, orderEnd), '%d+$')
  if not digits then return nil end
  local orderStart = from + digits - 1
  if byte(s, orderStart - 1) ~= 0xa0 + (orderEnd - orderStart + 1) or orderStart - 1 <= at + siteLen then return nil end
  return site, 'pending', sub(s, orderStart, orderEnd), cleared
end

local intakeKey, p, n = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out = {}
local at = 3
for i = 0, n - 1 do
  local id = ARGV[at]
  local commentKey, idemKey, owner, status, body = p .. 'c:' .. id, '', '', '', ''
  if ARGV[at + 1] == '1' then
    idemKey, owner, status, body = ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5]
    at = at + 6
  else
    at = at + 2
  end
  -- GET fails on a record of the former hash layout; the general path reads that one.
  local site, state, order, cleared = clearIntakeInPlace(redis.pcall('GET', commentKey), id)
  local found = true
  if cleared then
    redis.call('SET', commentKey, cleared)
  else
    local rec = readRecord(commentKey)
    if not rec then
      found = false
    elseif rec[R.intake] ~= '' then
      site, state, order = rec[R.siteId], rec[R.status], rec[R.order]
      rec[R.intake] = ''
      writeRecord(commentKey, rec)
    end
  end
  if not found then
    out[i + 1] = 'missing'
  else
    if state then
      redis.call('ZREM', intakeKey, id)
      redis.call('ZADD', p .. 'status:' .. state, order, id)
      redis.call('ZADD', p .. 'site:' .. site .. ':status:' .. state, order, id)
    end
    if owner ~= '' and status ~= '' and redis.call('HGET', idemKey, 'owner') == owner then
      redis.call('HSET', idemKey, 'state', 'done', 'status', status, 'body', body)
    end
    out[i + 1] = 'confirmed'
  end
end
return out
