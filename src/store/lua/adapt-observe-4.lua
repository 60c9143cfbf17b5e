--[[
One EM step (M-step of one comment) of a site's adaptation to its unlabelled comments: features += p spam,
(1 - p) ham, then decay when a bound is hit. The decay walks the site's soft vocabulary once (bounded by
maxFeatures) and halves the totals, so it runs at most once per windowDocs/2 comments.

KEYS[1]  soft spam counts     {P.learn}:site:<siteId>:adapt:spam
KEYS[2]  soft ham counts      {P.learn}:site:<siteId>:adapt:ham
KEYS[3]  soft documents       {P.learn}:site:<siteId>:adapt:docs (spam, ham, observed)
KEYS[4]  comments fed to adaptation, all sites  {P.learn}:adapt:observed
ARGV[1]  p, the comment's soft spam label
ARGV[2]  window, documents
ARGV[3]  at most this many features
ARGV[4]  decay factor
ARGV[5]  counts below this are dropped when decaying
ARGV[6..] the comment's features
Result   1 decayed | 0 not yet
]]
--- @include "adapt-step"
local o = {window = tonumber(ARGV[2]), maxFeatures = tonumber(ARGV[3]), decay = tonumber(ARGV[4]), minCount = tonumber(ARGV[5])}
return adaptStep(KEYS[1], KEYS[2], KEYS[3], KEYS[4], tonumber(ARGV[1]), o, ARGV, 6)
