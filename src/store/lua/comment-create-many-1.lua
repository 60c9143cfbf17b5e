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
         (includes/record), as one MessagePack array (includes/create adds v, order, rev, authorHash, intake, the
         would-have fields and textHash around them)
Result   one reply per submission, in order: {'created', order score} | {'superseded', id bound to the claim by
         another request, or ''}, or {'error', message} for one that raised an error (a key of the wrong type, a
         malformed value): the others are still stored and answered
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
