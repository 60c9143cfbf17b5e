--[[
Confirms a comment whose moderation job is queued: it leaves intake and is listed as pending. With an
Idempotency-Key claim the answer is recorded in the same step, so "stored, queued and answered" is one
fact: a retry gets the replay whether or not the first answer reached the client.

KEYS[1]  comment record          {P}:c:<id>
KEYS[2]  intake index            {P}:intake
KEYS[3]  idempotency record      {P}:idem:<hash>, or {P}:idem:- without a claim
ARGV[1]  p, the `{P}:` key start (the status indexes share the tag)
ARGV[2]  the claim's owner token, '' without a claim
ARGV[3]  the answer's HTTP status, '' to record none
ARGV[4]  the answer's JSON body
Result   'confirmed' (also when it already was) | 'missing' (discarded, or never stored)
]]
--- @include "record"
local commentKey, intakeKey, idemKey = KEYS[1], KEYS[2], KEYS[3]
local p, owner, status, body = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local rec = readRecord(commentKey)
if not rec then return 'missing' end
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
return 'confirmed'
