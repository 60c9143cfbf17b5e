--[[
Retention: blanks the IP address and user agent of the oldest comments created before the cutoff.

KEYS[1]  retention index {P}:pii (ids by order score); the comment hashes share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  cutoff order score (ms * 1000)
ARGV[3]  at most this many
Result   how many were processed
]]
--- @include "record"
local piiKey = KEYS[1]
local p, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', piiKey, '-inf', cutoff, 'LIMIT', 0, limit)
for _, id in ipairs(ids) do
  local key = p .. 'c:' .. id
  local rec = readRecord(key)
  if rec then
    rec[R.ip], rec[R.userAgent] = '', ''
    writeRecord(key, rec)
  end
  redis.call('ZREM', piiKey, id)
end
return #ids
