--[[
The EM steps of the comments decided in one turn of the event loop (a worker's jobs in flight), in one call: one
step per comment, in order, each exactly as adapt-observe-4.lua takes it (two comments of one site: one after the
other, as two calls would).

KEYS[1]  comments fed to adaptation, all sites  {P.learn}:adapt:observed
ARGV[1]  window, documents
ARGV[2]  at most this many features
ARGV[3]  decay factor
ARGV[4]  counts below this are dropped when decaying
ARGV[5]  how many comments follow
then, for each comment, three values: its site's key start {P.learn}:site:<siteId>:, its soft spam label p, and its
features (each once) as one value, joined by '\n' (see includes/feature-list)
Result   how many of the steps decayed
]]
--- @include "adapt-step"
--- @include "feature-list"
local o = {window = tonumber(ARGV[1]), maxFeatures = tonumber(ARGV[2]), decay = tonumber(ARGV[3]), minCount = tonumber(ARGV[4])}
local n = tonumber(ARGV[5])
local decayed = 0
for i = 0, n - 1 do
  local at = 6 + i * 3
  local base = ARGV[at]
  decayed = decayed + adaptStep(base .. 'adapt:spam', base .. 'adapt:ham', base .. 'adapt:docs', KEYS[1], tonumber(ARGV[at + 1]),
    o, featureList(ARGV[at + 2]), 1)
end
return decayed
