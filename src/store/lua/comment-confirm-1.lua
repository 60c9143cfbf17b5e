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
local byte, sub = string.byte, string.sub
local INTAKE_COUNT = R.intake

-- A record as comment-create stores intake is a MessagePack array of exactly R.intake strings whose last one, the
-- intake mark, is '1' (the fields after it are '' and left out). Clearing the mark then means dropping that last
-- string (and any '' ones before it) and counting fewer: the same bytes writeRecord would write after a full unpack
-- and pack, at a fraction of the cost. Returns the site, status, order and the record without its mark, or nil for
-- any other form (the former hash layout, a record already confirmed, anything unexpected), which the general path
-- below handles.
local function clearIntakeInPlace(s)
  if type(s) ~= 'string' then return nil end
  local len = #s
  local h1, h2, h3 = byte(s, 1, 3)
  if h1 ~= 0xdc or h2 ~= 0 or h3 ~= INTAKE_COUNT then return nil end
  local t1, t2 = byte(s, len - 1, len)
  if t1 ~= 0xa1 or t2 ~= 0x31 then return nil end
  local at, site, status, order, last, lastEnd = 4, nil, nil, nil, 0, 0
  -- Walk the strings before the mark, so that the last two bytes are known to be the mark itself.
  for i = 1, INTAKE_COUNT - 1 do
    local h = byte(s, at)
    local n
    if not h then return nil
    elseif h >= 0xa0 and h <= 0xbf then n, at = h - 0xa0, at + 1
    elseif h == 0xd9 then n, at = byte(s, at + 1), at + 2
    elseif h == 0xda then local a, b = byte(s, at + 1, at + 2); n, at = a * 256 + b, at + 3
    elseif h == 0xdb then local a, b, c, d = byte(s, at + 1, at + 4); n, at = ((a * 256 + b) * 256 + c) * 256 + d, at + 5
    else return nil end
    if i == R.id and n == 0 then return nil
    elseif i == R.siteId then site = sub(s, at, at + n - 1)
    elseif i == R.status then status = sub(s, at, at + n - 1)
    elseif i == R.order then order = sub(s, at, at + n - 1) end
    if n > 0 then last, lastEnd = i, at + n - 1 end
    at = at + n
  end
  if at ~= len - 1 or not status or status == '' then return nil end
  -- writeRecord leaves out trailing '' strings: the mark's and any before it.
  local head = last < 16 and string.char(0x90 + last) or string.char(0xdc, 0, last)
  return site, status, order, head .. sub(s, 4, lastEnd)
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
  local site, state, order, cleared = clearIntakeInPlace(redis.pcall('GET', commentKey))
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
