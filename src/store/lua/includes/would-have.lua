-- Shared by the scripts that move or remove comments: the site's would-have tally ({P}:site:<site>:would-have,
-- HASH '<verdict>:<published|spam|unreviewed>' -> count) kept in step with the comment, never by scanning.
-- The comment hash holds `wouldHave` (JSON), `wouldHaveVerdict`, and `wouldHaveReviewed` once a moderator decided.

-- A verdict a mode overrode: stored with the comment and counted as not yet reviewed.
local function recordWouldHave(p, key, site, json, verdict)
  redis.call('HSET', key, 'wouldHave', json, 'wouldHaveVerdict', verdict)
  redis.call('HINCRBY', p .. 'site:' .. site .. ':would-have', verdict .. ':unreviewed', 1)
  redis.call('SADD', p .. 'would-have-sites', site)
end

-- A moderator's decision (to = published | spam) on a comment with a would-have verdict moves it to that column.
local function reviewWouldHave(p, key, site, to)
  if to ~= 'published' and to ~= 'spam' then return end
  local cur = redis.call('HMGET', key, 'wouldHaveVerdict', 'wouldHaveReviewed')
  local verdict, was = cur[1], cur[2] or 'unreviewed'
  if not verdict or was == to then return end
  local tally = p .. 'site:' .. site .. ':would-have'
  redis.call('HINCRBY', tally, verdict .. ':' .. was, -1)
  redis.call('HINCRBY', tally, verdict .. ':' .. to, 1)
  redis.call('HSET', key, 'wouldHaveReviewed', to)
end

-- A comment removed before anyone reviewed it leaves the tally (call before deleting its hash).
local function forgetUnreviewed(p, key, site)
  local cur = redis.call('HMGET', key, 'wouldHaveVerdict', 'wouldHaveReviewed')
  if cur[1] and not cur[2] then redis.call('HINCRBY', p .. 'site:' .. site .. ':would-have', cur[1] .. ':unreviewed', -1) end
end
