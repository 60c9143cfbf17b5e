--[[
Compare-and-set move of one comment between states with its index updates and, optionally, the
webhook event that announces it (transactional outbox): all of it happens, or none.

KEYS[1]  comment record {P}:c:<id>; the index and outbox keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  allowed current states, comma-separated
ARGV[3]  new state
ARGV[4]  decider (decidedBy): classifier, rule:<name>, site-backend:<site>, or a person
ARGV[5]  decidedAt (ISO time)
ARGV[6]  spam score, '' to leave as is
ARGV[7]  reasons as JSON, '' to leave as is
ARGV[8]  expected revision, '' to skip the check (the event body was built from that revision)
ARGV[9..15] the event (see includes/outbox), id '' for none
ARGV[16] the would-have verdict as JSON when a moderation mode decided instead of the filter, else ''
ARGV[17] that verdict: publish | flag | spam ('' without)
ARGV[18] '1' when a person decided (decidedByModerator in models/comment.ts), else '': moves a would-have verdict to
         the decision's column; a spam decision marks the author in {P}:site:<siteId>:spam-authors, an approval
         clears the mark
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
--- @include "move"
return moveComment(KEYS[1], ARGV, 0)
