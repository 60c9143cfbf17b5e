--[[
What scoring needs to know about the texts and authors of the comments scored in one turn of the event loop (a
worker's jobs in flight), in one call (read only): for each comment, what comment-signals-3.lua answers for it.

KEYS[1]  {P}:seq, a key of the comment slot (where the call is sent on a Redis Cluster; not read); the site keys
         given in ARGV share its hash tag
ARGV[1]  how many comments follow
then, for each comment, five values: its site's text-seen key, its site's published-authors key, its site's
spam-authors key, sha256 of its normalised text ('' to skip), its author hash ('' to skip)
Result   three values per comment, in order: submissions of that text (nil when unseen or skipped), 1 when the author
         has a published comment else 0, 1 when a moderator marked one of the author's comments spam else 0
]]
--- @include "scoring-signals"
local n = tonumber(ARGV[1])
local out = {}
for i = 0, n - 1 do
  local o = 1 + i * 5
  out[3 * i + 1], out[3 * i + 2], out[3 * i + 3] = scoringSignals(ARGV[o + 1], ARGV[o + 2], ARGV[o + 3], ARGV[o + 4], ARGV[o + 5])
end
return out
