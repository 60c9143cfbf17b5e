--[[
The compare-and-set moves asked for in one turn of the event loop (the decisions of a worker's jobs in flight), in
one call: each is applied, or not, on its own, exactly as comment-transition-1.lua applies one (with its index
updates, its webhook event and its audit entry), and answers on its own; one comment's outcome never depends on
another's.

KEYS[1]  {P}:seq, a key of the comment slot (where the call is sent on a Redis Cluster; not read)
ARGV[1]  how many moves follow
then, for each move, one value: a MessagePack array of 25 strings, its record key {P}:c:<id> and then the 24
         arguments of comment-transition-1.lua (one value per move instead of 25 costs the caller far less to send)
Result   one reply per move, in order, each as comment-transition-1.lua answers, or {'error', message} for a move
         that raised an error (a corrupt record, a key of the wrong type): the other moves are still applied and
         answered, as their own calls would have been
]]
--- @include "record"
--- @include "outbox"
--- @include "would-have"
--- @include "audit"
--- @include "move"
local n = tonumber(ARGV[1])
local out = {}
for i = 0, n - 1 do
  local a = cmsgpack.unpack(ARGV[i + 2])
  local ok, reply = pcall(moveComment, a[1], a, 1)
  if ok then
    out[i + 1] = reply
  else
    out[i + 1] = {'error', type(reply) == 'table' and tostring(reply.err) or tostring(reply)}
  end
end
return out
