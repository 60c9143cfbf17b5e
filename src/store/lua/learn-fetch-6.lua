--[[
Everything scoring needs from a site's learned counts, in one call (read only): the labelled and soft document
totals and, for each of the comment's features, its labelled and soft counts. One command instead of six
HMGETs; the soft counts are skipped while the site has no soft documents.

KEYS[1]  labelled documents   {P.learn}:site:<siteId>:docs (spam, ham)
KEYS[2]  soft documents       {P.learn}:site:<siteId>:adapt:docs (spam, ham, observed)
KEYS[3]  labelled spam counts {P.learn}:site:<siteId>:spam
KEYS[4]  labelled ham counts  {P.learn}:site:<siteId>:ham
KEYS[5]  soft spam counts     {P.learn}:site:<siteId>:adapt:spam
KEYS[6]  soft ham counts      {P.learn}:site:<siteId>:adapt:ham
ARGV     the features, each once
Result   one string of comma-separated counts ('' for none): labelled spam docs, labelled ham docs, soft spam
         docs, soft ham docs, comments ever observed, then per feature in ARGV order its labelled spam, labelled ham, and (only when
         there are soft documents) soft spam and soft ham counts
]]
local out = {}
local function add(values, n)
  for i = 1, n do out[#out + 1] = values[i] or '' end
end
-- In slices, as unpack() is limited to a few thousand values and a long comment has many features.
local function counts(key)
  local n = #ARGV
  for first = 1, n, 1000 do
    local last = math.min(first + 999, n)
    add(redis.call('HMGET', key, unpack(ARGV, first, last)), last - first + 1)
  end
end
local docs = redis.call('HMGET', KEYS[1], 'spam', 'ham')
local soft = redis.call('HMGET', KEYS[2], 'spam', 'ham', 'observed')
add(docs, 2)
add(soft, 3)
if #ARGV == 0 then return table.concat(out, ',') end
counts(KEYS[3])
counts(KEYS[4])
if (tonumber(soft[1]) or 0) + (tonumber(soft[2]) or 0) > 0 then
  counts(KEYS[5])
  counts(KEYS[6])
end
return table.concat(out, ',')
