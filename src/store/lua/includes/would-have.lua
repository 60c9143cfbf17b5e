-- Shared by the scripts that move or remove comments: the site's would-have tally ({P}:site:<site>:would-have,
-- HASH '<verdict>:<published|spam|unreviewed>' -> count) kept in step with the comment, never by scanning.
-- The comment record (includes/record) holds `wouldHave` (JSON), `wouldHaveVerdict`, and `wouldHaveReviewed` once a
-- moderator decided; these functions change the record table `rec`, and the caller writes it.

-- A verdict a mode overrode: stored with the comment and counted as not yet reviewed.
local function recordWouldHave(p, rec, site, json, verdict)
  rec[R.wouldHave], rec[R.wouldHaveVerdict] = json, verdict
  redis.call('HINCRBY', p .. 'site:' .. site .. ':would-have', verdict .. ':unreviewed', 1)
  redis.call('SADD', p .. 'would-have-sites', site)
end

-- A moderator's decision (to = published | spam) on a comment with a would-have verdict moves it to that column.
local function reviewWouldHave(p, rec, site, to)
  if to ~= 'published' and to ~= 'spam' then return end
  local verdict, was = rec[R.wouldHaveVerdict], rec[R.wouldHaveReviewed]
  if was == '' then was = 'unreviewed' end
  if verdict == '' or was == to then return end
  local tally = p .. 'site:' .. site .. ':would-have'
  redis.call('HINCRBY', tally, verdict .. ':' .. was, -1)
  redis.call('HINCRBY', tally, verdict .. ':' .. to, 1)
  rec[R.wouldHaveReviewed] = to
end

-- A comment removed before anyone reviewed it leaves the tally (call before deleting its record).
local function forgetUnreviewed(p, rec, site)
  if rec[R.wouldHaveVerdict] ~= '' and rec[R.wouldHaveReviewed] == '' then
    redis.call('HINCRBY', p .. 'site:' .. site .. ':would-have', rec[R.wouldHaveVerdict] .. ':unreviewed', -1)
  end
end
