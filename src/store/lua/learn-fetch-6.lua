--[[
Everything scoring needs from a site's learned counts, in one call (read only): the labelled and soft document
totals and, for each of the comment's features, its labelled and soft counts. One command instead of six
HMGETs; the soft counts are skipped while the site has no soft documents.

KEYS[1]  labelled documents   {P.learn}:site:<siteId>:docs (spam, ham, unobserved)
KEYS[2]  soft documents       {P.learn}:site:<siteId>:adapt:docs (spam, ham, observed)
KEYS[3]  labelled spam counts {P.learn}:site:<siteId>:spam
KEYS[4]  labelled ham counts  {P.learn}:site:<siteId>:ham
KEYS[5]  soft spam counts     {P.learn}:site:<siteId>:adapt:spam
KEYS[6]  soft ham counts      {P.learn}:site:<siteId>:adapt:ham
ARGV     the features, each once
Result   one string of comma-separated counts ('' for none): labelled spam docs, labelled ham docs, soft spam
         docs, soft ham docs, comments ever observed, labelled docs never observed, then per feature in ARGV order its labelled spam, labelled ham, and (only when
         there are soft documents) soft spam and soft ham counts; it ends after the six totals when none of the count
         hashes it would read exists (every count left out is none)
]]
--- @include "learned-counts"
return learnedCounts(KEYS, ARGV)
