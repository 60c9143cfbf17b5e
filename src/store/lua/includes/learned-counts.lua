-- Everything scoring needs from a site's learned counts (read only), shared by learn-fetch-6.lua (one comment) and
-- learn-fetch-many-1.lua (the comments scored in one turn). `k` holds the site's six keys (docs, adaptDocs, spam,
-- ham, adaptSpam, adaptHam, as learn-fetch-6.lua lists them); `features` the comment's features, each once, or, with
-- `parse`, the value parse() turns into them (read only when a count hash exists).
-- Returns the one string learn-fetch-6.lua documents.
local function learnedCounts(k, features, parse)
  local out = {}
  local function add(values, count)
    for i = 1, count do out[#out + 1] = values[i] or '' end
  end
  local docs = redis.call('HMGET', k[1], 'spam', 'ham', 'unobserved')
  local soft = redis.call('HMGET', k[2], 'spam', 'ham', 'observed')
  add(docs, 2)
  add(soft, 3)
  out[#out + 1] = docs[3] or ''
  local softToo = (tonumber(soft[1]) or 0) + (tonumber(soft[2]) or 0) > 0
  -- A site without count hashes (one nobody has taught, most sites) has no count for any feature: the answer ends
  -- after the totals, and the reader takes every count left out as none. Asking each missing hash for a hundred
  -- fields cost as much as the rest of the worker's reads together.
  local present = softToo and redis.call('EXISTS', k[3], k[4], k[5], k[6]) or redis.call('EXISTS', k[3], k[4])
  if present == 0 then return table.concat(out, ',') end
  if parse then features = parse(features) end
  local n = #features
  if n == 0 then return table.concat(out, ',') end
  -- In slices, as unpack() is limited to a few thousand values and a long comment has many features.
  local function counts(key)
    for from = 1, n, 1000 do
      local to = math.min(from + 999, n)
      add(redis.call('HMGET', key, unpack(features, from, to)), to - from + 1)
    end
  end
  counts(k[3])
  counts(k[4])
  if softToo then
    counts(k[5])
    counts(k[6])
  end
  return table.concat(out, ',')
end
