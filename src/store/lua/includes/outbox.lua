-- Shared by the scripts that record webhook events (transactional outbox).
-- The event travels as 7 ARGV values from position i: id ('' for no event), type, createdAt (ISO),
-- body (the exact JSON to send), ttl (seconds), createdAt in ms, length of the recent lists. `args`: where to read
-- them instead of ARGV (a batched script's unpacked arguments).
local function eventFromArgv(i, siteId, commentId, args)
  local a = args or ARGV
  if a[i] == nil or a[i] == '' then return nil end
  return { id = a[i], type = a[i + 1], createdAt = a[i + 2], body = a[i + 3], ttl = tonumber(a[i + 4]),
    createdMs = a[i + 5], keepRecent = tonumber(a[i + 6]), siteId = siteId, commentId = commentId }
end

-- Stores the event's delivery record, numbers it within its comment, lists it, and puts it in the
-- outbox index, where the sweeper finds it if its delivery job is never queued. Returns its number.
local function addEvent(p, e)
  local seqKey = p .. 'wh:c:' .. e.commentId .. ':seq'
  local eventsKey = p .. 'wh:c:' .. e.commentId .. ':events'
  local eventKey = p .. 'wh:e:' .. e.id
  local seq = redis.call('INCR', seqKey)
  redis.call('EXPIRE', seqKey, e.ttl)
  redis.call('HSET', eventsKey, seq, e.id)
  redis.call('EXPIRE', eventsKey, e.ttl)
  redis.call('HSET', eventKey, 'id', e.id, 'siteId', e.siteId, 'commentId', e.commentId, 'type', e.type,
    'createdAt', e.createdAt, 'body', e.body, 'seq', seq, 'status', 'pending', 'attempts', 0)
  redis.call('EXPIRE', eventKey, e.ttl)
  local recent, siteRecent = p .. 'wh:recent', p .. 'wh:site:' .. e.siteId .. ':recent'
  redis.call('ZADD', recent, e.createdMs, e.id)
  redis.call('ZADD', siteRecent, e.createdMs, e.id)
  redis.call('ZREMRANGEBYRANK', recent, 0, -(e.keepRecent + 1))
  redis.call('ZREMRANGEBYRANK', siteRecent, 0, -(e.keepRecent + 1))
  redis.call('ZADD', p .. 'wh:outbox', e.createdMs, e.id)
  return seq
end
