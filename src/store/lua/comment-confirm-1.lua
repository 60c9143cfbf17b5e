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
local intakeKey, p, n = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out = {}
local at = 3
for i = 0, n - 1 do
  local commentKey, idemKey, owner, status, body = p .. 'c:' .. ARGV[at], '', '', '', ''
  if ARGV[at + 1] == '1' then
    idemKey, owner, status, body = ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5]
    at = at + 6
  else
    at = at + 2
  end
  local rec = readRecord(commentKey)
  if not rec then
    out[i + 1] = 'missing'
  else
    local id, site, order, state = rec[R.id], rec[R.siteId], rec[R.order], rec[R.status]
    if rec[R.intake] ~= '' then
      rec[R.intake] = ''
      writeRecord(commentKey, rec)
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
