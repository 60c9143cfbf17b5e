-- The delivery record without its body, as flat field, value pairs.
local RECORD_FIELDS = {'id', 'siteId', 'commentId', 'type', 'createdAt', 'seq', 'status', 'attempts',
  'lastAttemptAt', 'lastStatusCode', 'lastError', 'deliveredAt', 'url'}
local function deliveryRecord(key)
  local values = redis.call('HMGET', key, unpack(RECORD_FIELDS))
  local out = {}
  for i, f in ipairs(RECORD_FIELDS) do
    if values[i] then out[#out + 1] = f; out[#out + 1] = values[i] end
  end
  return out
end

-- A finished event (delivered or dead) lets its comment's next event go, and leaves the outbox.
local function finish(p, key)
  local cur = redis.call('HMGET', key, 'commentId', 'seq', 'id')
  local done = p .. 'wh:c:' .. cur[1] .. ':done'
  redis.call('SADD', done, cur[2])
  local ttl = redis.call('TTL', key)
  if ttl > 0 then redis.call('EXPIRE', done, ttl) end
  redis.call('ZREM', p .. 'wh:outbox', cur[3])
end
