--[[
The learned counts of the comments scored in one turn of the event loop (a worker's jobs in flight), in one call
(read only): for each comment, exactly what learn-fetch-6.lua answers for it.

KEYS[1]  {P.learn}:version, a key of the learning slot (where the call is sent on a Redis Cluster; not read)
ARGV[1]  how many comments follow
then, for each comment, two values: its site's key start {P.learn}:site:<siteId>:, and its features (each once) as
one value, joined by '\n' (see includes/feature-list)
Result   one string per comment, in order, as learn-fetch-6.lua answers
]]
--- @include "learned-counts"
--- @include "feature-list"
local n = tonumber(ARGV[1])
local out = {}
for i = 1, n do
  local base = ARGV[2 * i]
  local k = {base .. 'docs', base .. 'adapt:docs', base .. 'spam', base .. 'ham', base .. 'adapt:spam', base .. 'adapt:ham'}
  -- The features are split out of their joined form only when the site has counts to look them up in.
  out[i] = learnedCounts(k, ARGV[2 * i + 1], featureList)
end
return out
