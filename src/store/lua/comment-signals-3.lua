--[[
What scoring needs to know about a comment's text and author on its site, in one call (read only).

KEYS[1]  the site's text-seen          {P}:site:<siteId>:text-seen (HASH sha256 of the normalised text -> submissions)
KEYS[2]  the site's published authors  {P}:site:<siteId>:published-authors (SET of author hashes)
KEYS[3]  the site's spam authors       {P}:site:<siteId>:spam-authors (ZSET of author hashes)
ARGV[1]  sha256 of the normalised text, '' to skip
ARGV[2]  the author hash, '' to skip
Result   {submissions of that text (nil when unseen or skipped), 1 when the author has a published comment else 0,
         1 when a moderator marked one of the author's comments spam (and approved none since) else 0}
]]
--- @include "scoring-signals"
local seen, published, spam = scoringSignals(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])
return {seen, published, spam}
