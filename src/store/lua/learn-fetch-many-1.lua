--[[
The learned counts of the comments scored in one turn of the event loop (a worker's jobs in flight), in one call
(read only): for each comment, exactly what learn-fetch-6.lua answers for it.

KEYS[1]  {P.learn}:version, a key of the learning slot (where the call is sent on a Redis Cluster; not read)
ARGV[1]  how many comments follow
then, for each comment: its site's key start {P.learn}:site:<siteId>:, how many features follow, and its features
(each once)
Result   one string per comment, in order, as learn-fetch-6.lua answers
]]
--- @include "learned-counts"
local n = tonumber(ARGV[1])
local out = {}
local at = 2
for i = 1, n do
  local base, count = ARGV[at], tonumber(ARGV[at + 1])
  local k = {base .. 'docs', base .. 'adapt:docs', base .. 'spam', base .. 'ham', base .. 'adapt:spam', base .. 'adapt:ham'}
  out[i] = learnedCounts(k, at + 2, at + 1 + count)
  at = at + 2 + count
end
return out
