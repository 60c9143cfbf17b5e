-- What scoring needs to know about a comment's text and author on its site (read only), shared by
-- comment-signals-3.lua (one comment), comment-signals-many-1.lua (the comments scored in one turn) and
-- comment-read-many-1.lua (the worker's records with their signals), so that the three answer alike. Returns the
-- submissions of the text (false when unseen, or when `textHash` is ''), 1 when the author has a published comment
-- on the site else 0, and 1 when a moderator marked one of the author's comments there spam (and approved none
-- since) else 0; both 0 when `author` is ''.
local function scoringSignals(textSeenKey, publishedKey, spamKey, textHash, author)
  local seen = false
  if textHash ~= '' then seen = redis.call('HGET', textSeenKey, textHash) end
  if author == '' then return seen, 0, 0 end
  local spam = 0
  if redis.call('ZSCORE', spamKey, author) then spam = 1 end
  return seen, redis.call('SISMEMBER', publishedKey, author), spam
end
