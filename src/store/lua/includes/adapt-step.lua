-- One EM step of a site's adaptation, shared by adapt-observe-4.lua (one comment) and adapt-observe-many-1.lua (the
-- comments decided in one turn, one step each, in order). `sk`, `hk`, `dk` are the site's soft spam counts, soft ham
-- counts and soft documents, `observedKey` the all-sites counter; `p` the comment's soft spam label; `o` holds
-- window, maxFeatures, decay and minCount as numbers; `features` the comment's features (each once), as a table
-- whose values from position `first` on are the features. Returns 1 when it decayed, else 0 (see adapt-observe-4.lua).
local function adaptStep(sk, hk, dk, observedKey, p, o, features, first)
  local q = 1 - p
  for i = first, #features do
    redis.call('HINCRBYFLOAT', sk, features[i], p)
    redis.call('HINCRBYFLOAT', hk, features[i], q)
  end
  local s = tonumber(redis.call('HINCRBYFLOAT', dk, 'spam', p))
  local h = tonumber(redis.call('HINCRBYFLOAT', dk, 'ham', q))
  redis.call('HINCRBY', dk, 'observed', 1)
  redis.call('INCR', observedKey)
  if s + h <= o.window and redis.call('HLEN', sk) <= o.maxFeatures then return 0 end
  local spam = redis.call('HGETALL', sk)
  local ham = {}
  local hamList = redis.call('HGETALL', hk)
  for i = 1, #hamList, 2 do ham[hamList[i]] = tonumber(hamList[i + 1]) end
  for i = 1, #spam, 2 do
    local f = spam[i]
    local ns = tonumber(spam[i + 1]) * o.decay
    local nh = (ham[f] or 0) * o.decay
    if ns + nh < o.minCount then
      redis.call('HDEL', sk, f)
      redis.call('HDEL', hk, f)
    else
      redis.call('HSET', sk, f, ns)
      redis.call('HSET', hk, f, nh)
    end
  end
  redis.call('HSET', dk, 'spam', s * o.decay, 'ham', h * o.decay)
  return 1
end
