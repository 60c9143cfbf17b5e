--[[
Teaches a site's classifier one labelled document, exactly once per document key: a document learned
again with the same label changes nothing; with the other label its counts move over.

KEYS[1]  spam counts          {P.learn}:site:<siteId>:spam
KEYS[2]  ham counts           {P.learn}:site:<siteId>:ham
KEYS[3]  the site's documents {P.learn}:site:<siteId>:docs
KEYS[4]  labels learned       {P.learn}:site:<siteId>:labels
KEYS[5]  version              {P.learn}:version
KEYS[6]  all sites' documents {P.learn}:docs
ARGV[1]  label: spam | ham
ARGV[2]  document key (the comment id), '' to learn without deduplication. Keys starting with 'fb:' (site-backend
         feedback) and '' are documents the worker never observed: the docs hash counts them in 'unobserved' too
ARGV[3..] features
Result   1 changed | 0 already learned with this label

Site phrases (features starting with 'p:', src/spam/site-phrases.ts) are bounded per site: the docs hash's 'phrases'
field counts the phrase keys in the spam and ham hashes together, and once it reaches MAX_SITE_PHRASE_KEYS a phrase the
site does not have yet is not added (the ones it has keep counting, and removing counts always works).
]]
-- The bound and the phrase features' prefix, from src/spam/site-phrases.ts.
--- @const MAX_SITE_PHRASE_KEYS
--- @const PHRASE_PREFIX
local spamKey, hamKey, docsKey, labelsKey, versionKey, allDocsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local label, docKey = ARGV[1], ARGV[2]
local unobserved = docKey == '' or string.sub(docKey, 1, 3) == 'fb:'
local prev = false
if docKey ~= '' then prev = redis.call('HGET', labelsKey, docKey) end
if prev == label then return 0 end
local phrases = tonumber(redis.call('HGET', docsKey, 'phrases') or '0')
local phrasesBefore = phrases
local function apply(lbl, delta)
  local h = (lbl == 'spam') and spamKey or hamKey
  for i = 3, #ARGV do
    local f = ARGV[i]
    local plain = string.sub(f, 1, #PHRASE_PREFIX) ~= PHRASE_PREFIX
    if plain or delta < 0 or phrases < MAX_SITE_PHRASE_KEYS or redis.call('HEXISTS', h, f) == 1 then
      local n = redis.call('HINCRBY', h, f, delta)
      if n <= 0 then redis.call('HDEL', h, f) end
      -- A key made (0 -> 1) or removed (1 -> 0); a count taken from a key that was never there (n < 0) is neither.
      if not plain then
        if delta > 0 and n == 1 then phrases = phrases + 1 elseif delta < 0 and n == 0 then phrases = phrases - 1 end
      end
    end
  end
  local d = redis.call('HINCRBY', docsKey, lbl, delta)
  if d < 0 then redis.call('HSET', docsKey, lbl, 0) end
  if unobserved then
    local u = redis.call('HINCRBY', docsKey, 'unobserved', delta)
    if u < 0 then redis.call('HSET', docsKey, 'unobserved', 0) end
  end
  redis.call('HINCRBY', allDocsKey, lbl, delta)
end
if prev then apply(prev, -1) end
apply(label, 1)
if phrases ~= phrasesBefore then redis.call('HSET', docsKey, 'phrases', math.max(0, phrases)) end
if docKey ~= '' then redis.call('HSET', labelsKey, docKey, label) end
redis.call('INCR', versionKey)
return 1
