--[[
Erasure of one comment of an author: the record, its indexes, its text's count in the site's repeated-text tally, and
the author's known-author and spam-author entries.

KEYS[1]  the author's comments {P}:author:<sha256(email)>; the other keys share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2]  comment id
ARGV[3]  sha256 of its normalised text, for a record that does not hold it (one stored by an earlier version), or ''
Result   1 a comment was removed | 0 it was already gone | -1 nothing done: the record holds no text hash and ARGV[3]
         is '' (the caller hashes the record's text and calls again)
]]
--- @include "record"
--- @include "would-have"
local authorKey = KEYS[1]
local p, id = ARGV[1], ARGV[2]
local key = p .. 'c:' .. id
local rec = readRecord(key)
if rec and rec[R.textHash] == '' and (ARGV[3] or '') == '' then return -1 end
local removed = 0
if rec then
  local status, site, thread = rec[R.status], rec[R.siteId], rec[R.threadId]
  redis.call('ZREM', p .. 'status:' .. status, id)
  redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. status, id)
  redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
  redis.call('ZREM', p .. 'intake', id)
  forgetUnreviewed(p, rec, site)
  -- Its submission leaves the tally, as a discarded one does (comment-discard-2.lua).
  local textHash = rec[R.textHash]
  if textHash == '' then textHash = ARGV[3] end
  local seen = p .. 'site:' .. site .. ':text-seen'
  if redis.call('HINCRBY', seen, textHash, -1) <= 0 then redis.call('HDEL', seen, textHash) end
  redis.call('DEL', key)
  removed = 1
end
redis.call('ZREM', p .. 'pii', id)
local entry = redis.call('HGET', authorKey, id)
if entry then
  local nl = string.find(entry, string.char(10), 1, true)
  if nl then
    local entrySite, hash = string.sub(entry, 1, nl - 1), string.sub(entry, nl + 1)
    -- Written as its 32 bytes; entries of earlier versions hold the 64 hex digits the known-author set holds.
    if #hash == 32 then hash = (string.gsub(hash, '.', function(c) return string.format('%02x', string.byte(c)) end)) end
    if hash ~= '' then
      redis.call('SREM', p .. 'site:' .. entrySite .. ':published-authors', hash)
      redis.call('ZREM', p .. 'site:' .. entrySite .. ':spam-authors', hash)
    end
  end
  redis.call('HDEL', authorKey, id)
end
return removed
