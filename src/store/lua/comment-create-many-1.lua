--[[
Stores the submissions of one turn of the event loop (the requests an API process handled together) in one call:
each is stored, or not, on its own, exactly as comment-create-6.lua stores one (as unconfirmed intake or pending, with
its Idempotency-Key binding, its repeat count and its author entry), and answers on its own; one submission's outcome
never depends on another's, except through the keys they share, in the order given (two claims of one key: the first
binds it, the second finds it bound, as their own calls in that order would).

KEYS[1]  intake index            {P}:intake
ARGV[1]  p, the `{P}:` key start: every other key is built from it, so all stay in the comment slot on a Cluster
ARGV[2]  how many submissions follow
then, for each submission, one value: a MessagePack array of the eight values comment-create-6.lua takes as ARGV[2],
         then 9 the site id, 10 sha256 of the lower-cased e-mail (64 hex digits), 11 the idempotency record key
         {P}:idem:<hash> ('' without a claim), 12 the record as comment-create-6.lua takes it as ARGV[3]
Result   one reply per submission, in order, as comment-create-6.lua answers, or {'error', message} for one that
         raised an error (a key of the wrong type, a malformed value): the others are still stored and answered
]]
--- @include "create"
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
