--[[
Removes a comment from every list and, optionally, records the webhook event announcing it in the
same step (transactional outbox).

KEYS[1]  comment record {P}:c:<id>; the other keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  expected revision, '' to skip the check (the event body was built from that revision)
ARGV[3..9] the event (see includes/outbox), id '' for none
ARGV[10..13] the audit entry of the delete (see includes/audit), '' for none
Result   'deleted' | 'missing' | 'stale'
]]
--- @include "outbox"
--- @include "record"
--- @include "would-have"
--- @include "audit"
local key = KEYS[1]
local p, rev = ARGV[1], ARGV[2]
local rec = readRecord(key)
if not rec then return 'missing' end
local status, site, thread, id = rec[R.status], rec[R.siteId], rec[R.threadId], rec[R.id]
if rev ~= '' and rec[R.rev] ~= rev then return 'stale' end
redis.call('ZREM', p .. 'status:' .. status, id)
redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. status, id)
redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
redis.call('ZREM', p .. 'intake', id)
redis.call('ZREM', p .. 'pii', id)
forgetUnreviewed(p, rec, site)
redis.call('DEL', key)
local event = eventFromArgv(3, site, id)
if event then addEvent(p, event) end
addAuditEntry(p, 10, id, status)
return 'deleted'
