--[[
Compare-and-set move of one comment between states with its index updates and, optionally, the
webhook event that announces it (transactional outbox): all of it happens, or none.

KEYS[1]  comment record {P}:c:<id>; the index and outbox keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  allowed current states, comma-separated
ARGV[3]  new state
ARGV[4]  decider: classifier | moderator
ARGV[5]  decidedAt (ISO time)
ARGV[6]  spam score, '' to leave as is
ARGV[7]  reasons as JSON, '' to leave as is
ARGV[8]  expected revision, '' to skip the check (the event body was built from that revision)
ARGV[9..15] the event (see includes/outbox), id '' for none
ARGV[16] the would-have verdict as JSON when a moderation mode decided instead of the filter, else ''
ARGV[17] that verdict: publish | flag | spam ('' without)
ARGV[18] '1' when a moderator decided (moves a would-have verdict to the decision's column), else ''
ARGV[19..22] the audit entry of the move (see includes/audit), '' for none
ARGV[23] '1': also a conflict when the last decision was a person's (not classifier, rule:* or site-backend:*)
ARGV[24] '1': the caller holds the record at the expected revision (ARGV[8]) and knows what the move makes of it, so
         'applied' comes back without the record
Result   {'missing'} | {'stale'} | {'conflict' | 'applied', previous state, the record's values after the call in the
         order of COMMENT_FIELDS (includes/record)}; {'applied', previous state} with ARGV[24]
]]
--- @include "record"
--- @include "outbox"
--- @include "would-have"
--- @include "audit"
local key = KEYS[1]
local p, allowed, to, by, at, score, reasons, rev = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local wouldHave, wouldHaveVerdict, byModerator = ARGV[16] or '', ARGV[17] or '', ARGV[18] or ''
local rec = readRecord(key)
-- Unconfirmed intake does not exist yet as far as decisions go.
if not rec or rec[R.intake] ~= '' then return {'missing'} end
local from, site, thread, order, authorHash, id = rec[R.status], rec[R.siteId], rec[R.threadId], rec[R.order], rec[R.authorHash], rec[R.id]
if rev ~= '' and rec[R.rev] ~= rev then return {'stale'} end
-- The record comes back with the outcome, so the caller needs no second read.
local function outcome(name)
  local out = {name, from}
  if name == 'applied' and ARGV[24] == '1' and rev ~= '' then return out end
  for i = 1, #COMMENT_FIELDS do out[#out + 1] = rec[i] end
  return out
end
if not string.find(',' .. allowed .. ',', ',' .. from .. ',', 1, true) then return outcome('conflict') end
-- The same rule as decidedByModerator in models/comment.ts.
local decider = rec[R.decidedBy]
local function startsWith(s, prefix) return string.sub(s, 1, #prefix) == prefix end
if ARGV[23] == '1' and decider ~= '' and decider ~= 'classifier' and not startsWith(decider, 'rule:')
  and not startsWith(decider, 'site-backend:') then
  return outcome('conflict')
end
rec[R.status], rec[R.decidedBy], rec[R.decidedAt] = to, by, at
if score ~= '' then rec[R.spamScore] = score end
if reasons ~= '' then rec[R.reasons] = reasons end
rec[R.rev] = tostring((tonumber(rec[R.rev]) or 0) + 1)
if from ~= to then
  redis.call('ZREM', p .. 'status:' .. from, id)
  redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. from, id)
  redis.call('ZADD', p .. 'status:' .. to, order, id)
  redis.call('ZADD', p .. 'site:' .. site .. ':status:' .. to, order, id)
  if to == 'published' then
    redis.call('ZADD', p .. 'thread:' .. site .. ':' .. thread, order, id)
    -- A mode's publication does not make the author known: the signal follows what the filter would have done.
    local filterPublished = wouldHave == '' or wouldHaveVerdict == 'publish'
    if authorHash ~= '' and filterPublished then redis.call('SADD', p .. 'site:' .. site .. ':published-authors', authorHash) end
  elseif from == 'published' then
    redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
  end
end
if wouldHave ~= '' then
  recordWouldHave(p, rec, site, wouldHave, wouldHaveVerdict)
elseif byModerator == '1' then
  reviewWouldHave(p, rec, site, to)
end
writeRecord(key, rec)
local event = eventFromArgv(9, site, id)
if event then addEvent(p, event) end
addAuditEntry(p, 19, id, from)
return outcome('applied')
