--[[
Retention: blanks the IP address and user agent of the oldest comments created before the cutoff.

Comments are found in the status indexes, which list every confirmed comment by order score (creation time), from
a watermark up to the cutoff: {P}:pii-erased-to holds the order score up to which every comment has been done, so
no index entry per comment is needed for this. Comments of earlier versions are also listed in the former retention
index {P}:pii (ids by order score), which is worked off first, until it is empty.

KEYS[1]  the former retention index {P}:pii; the other keys share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  cutoff order score (ms * 1000)
ARGV[3]  at most this many
Result   how many comments were looked at (fewer than ARGV[3]: nothing is left before the cutoff)
]]
--- @include "record"
local piiKey = KEYS[1]
local p, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local STATUSES = {'pending', 'published', 'flagged', 'spam'}

local function blank(id)
  local key = p .. 'c:' .. id
  local rec = readRecord(key)
  if rec and (rec[R.ip] ~= '' or rec[R.userAgent] ~= '') then
    rec[R.ip], rec[R.userAgent] = '', ''
    writeRecord(key, rec)
  end
end

local former = redis.call('ZRANGEBYSCORE', piiKey, '-inf', cutoff, 'LIMIT', 0, limit)
for _, id in ipairs(former) do
  blank(id)
  redis.call('ZREM', piiKey, id)
end
if #former >= limit then return #former end
limit = limit - #former

local markKey = p .. 'pii-erased-to'
local mark = redis.call('GET', markKey)
local from = mark and ('(' .. mark) or '-inf'
if mark and tonumber(mark) >= tonumber(cutoff) then return #former end
-- The `limit` oldest of each index after the watermark; the `limit` oldest of them all are the batch.
local due, truncated = {}, false
for _, s in ipairs(STATUSES) do
  local found = redis.call('ZRANGEBYSCORE', p .. 'status:' .. s, from, cutoff, 'WITHSCORES', 'LIMIT', 0, limit)
  if #found >= 2 * limit then truncated = true end
  for i = 1, #found, 2 do due[#due + 1] = {found[i], tonumber(found[i + 1])} end
end
table.sort(due, function(a, b) return a[2] < b[2] end)
local n = math.min(#due, limit)
for i = 1, n do blank(due[i][1]) end
-- Every index read to the cutoff and all of it done: everything up to the cutoff is; else up to the last one
-- done (scores are unique, so nothing at that score is left).
local upTo = (not truncated and #due <= limit) and cutoff or string.format('%.0f', due[n][2])
redis.call('SET', markKey, upTo)
return #former + n
