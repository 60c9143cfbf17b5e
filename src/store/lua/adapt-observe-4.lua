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
local sk, hk, dk = KEYS[1], KEYS[2], KEYS[3]
local p = tonumber(ARGV[1])
local q = 1 - p
local window, maxFeatures, decay, minCount = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 6, #ARGV do
  redis.call('HINCRBYFLOAT', sk, ARGV[i], p)
  redis.call('HINCRBYFLOAT', hk, ARGV[i], q)
end
local s = tonumber(redis.call('HINCRBYFLOAT', dk, 'spam', p))
local h = tonumber(redis.call('HINCRBYFLOAT', dk, 'ham', q))
redis.call('HINCRBY', dk, 'observed', 1)
redis.call('INCR', KEYS[4])
if s + h <= window and redis.call('HLEN', sk) <= maxFeatures then return 0 end
local spam = redis.call('HGETALL', sk)
local ham = {}
local hamList = redis.call('HGETALL', hk)
for i = 1, #hamList, 2 do ham[hamList[i]] = tonumber(hamList[i + 1]) end
for i = 1, #spam, 2 do
  local f = spam[i]
  local ns = tonumber(spam[i + 1]) * decay
  local nh = (ham[f] or 0) * decay
  if ns + nh < minCount then
    redis.call('HDEL', sk, f)
    redis.call('HDEL', hk, f)
  else
    redis.call('HSET', sk, f, ns)
    redis.call('HSET', hk, f, nh)
  end
end
redis.call('HSET', dk, 'spam', s * decay, 'ham', h * decay)
return 1
