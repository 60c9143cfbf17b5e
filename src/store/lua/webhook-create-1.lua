--[[
Records a webhook event that is not part of a comment's state change (transactional outbox).

KEYS[1]  the event's record {P}:wh:e:<eventId>; the other keys are built from ARGV[1] and share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  site id
ARGV[3]  comment id
ARGV[4..10] the event (see includes/outbox)
Result   the event's sequence number within its comment
]]
--- @include "outbox"
return addEvent(ARGV[1], eventFromArgv(4, ARGV[2], ARGV[3]))
