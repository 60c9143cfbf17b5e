-- Shared by the scripts that move or delete comments: the audit entry of the change, written in the same
-- script as the change itself (see redis-audit-store.ts for the layout under '{P}:audit:').
-- The entry travels as 4 ARGV values from position i: the entry's JSON without its first '{' and without
-- `id` and `from` (the script adds both: it numbers the entry and knows the state it found), '' for no entry;
-- the actor; the time in ms since the epoch; the comment's site.

-- Records the entry; returns its id, or nil when the caller asked for none. `args`: where to read the entry instead
-- of ARGV (a batched script's unpacked arguments).
local function addAuditEntry(p, i, commentId, from, args)
  local a = args or ARGV
  local tail, actor, ms, site = a[i], a[i + 1], a[i + 2], a[i + 3]
  if tail == nil or tail == '' then return nil end
  local a = p .. 'audit:'
  local id = tostring(redis.call('INCR', a .. 'seq'))
  local json = '{"id":"' .. id .. '","from":' .. (from and ('"' .. from .. '"') or 'null') .. ',' .. tail
  -- The order score as comments use it: ms * 1000 + id mod 1000, written out in full (no exponent).
  local score = string.format('%.0f', tonumber(ms) * 1000 + (tonumber(id) % 1000))
  redis.call('SET', a .. 'e:' .. id, json)
  redis.call('ZADD', a .. 'all', score, id)
  redis.call('ZADD', a .. 'actor:' .. actor, score, id)
  redis.call('ZADD', a .. 'site:' .. site, score, id)
  redis.call('ZADD', a .. 'c:' .. commentId, score, id)
  return id
end
