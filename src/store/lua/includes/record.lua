-- Shared by every script that reads or writes a comment record ({P}:c:<id>). The record is one STRING: a
-- MessagePack array of strings, one per field, in the order of COMMENT_FIELDS ('' stands for none; trailing ''
-- fields are left out). One string instead of a hash because a hash with any value over 64 bytes (a comment's
-- text, a user agent) is stored as a hash table, about twice the size of its content; see comment-record-codec.ts.
-- Records written before this format are hashes with these field names: readRecord reads both, writeRecord
-- always writes the string, so a record is converted the first time a script changes it.
-- Keep COMMENT_FIELDS in step with COMMENT_FIELDS in comment-record-codec.ts (a unit test compares them).
local COMMENT_FIELDS = {'v', 'id', 'siteId', 'threadId', 'parentId', 'name', 'email', 'website', 'comment', 'createdAt',
  'status', 'spamScore', 'reasons', 'ip', 'userAgent', 'decidedAt', 'decidedBy', 'signals', 'order', 'rev',
  'authorHash', 'intake', 'wouldHave', 'wouldHaveVerdict', 'wouldHaveReviewed', 'textHash'}
local COMMENT_FORMAT = '1'
-- Field name -> position, written out: a script's top level runs on every call, and one table constructor costs
-- less than filling the table in a loop (a unit test checks it against COMMENT_FIELDS).
local R = {v = 1, id = 2, siteId = 3, threadId = 4, parentId = 5, name = 6, email = 7, website = 8, comment = 9,
  createdAt = 10, status = 11, spamScore = 12, reasons = 13, ip = 14, userAgent = 15, decidedAt = 16, decidedBy = 17,
  signals = 18, order = 19, rev = 20, authorHash = 21, intake = 22, wouldHave = 23, wouldHaveVerdict = 24,
  wouldHaveReviewed = 25, textHash = 26}

-- The record at key as an array of strings by position, or nil when there is none (or it is not a comment).
local function readRecord(key)
  -- GET first, the type only when GET fails: nearly every record is a string, and TYPE cost every move a call.
  local s = redis.pcall('GET', key)
  local rec
  if type(s) == 'string' then
    rec = cmsgpack.unpack(s)
    if type(rec) ~= 'table' then return nil end
  elseif s and redis.call('TYPE', key)['ok'] == 'hash' then
    -- The former layout: one hash field per record field (HMGET answers false for a missing one).
    rec = redis.call('HMGET', key, unpack(COMMENT_FIELDS))
    rec[R.v] = COMMENT_FORMAT
    if not rec[R.rev] then rec[R.rev] = '0' end
  else
    return nil
  end
  for i = 1, #COMMENT_FIELDS do
    if not rec[i] then rec[i] = '' end
  end
  if rec[R.id] == '' or rec[R.status] == '' then return nil end
  return rec
end

-- Writes the record (replacing a record of the former layout too).
local function writeRecord(key, rec)
  local n = #COMMENT_FIELDS
  while n > 1 and rec[n] == '' do n = n - 1 end
  local out = {}
  for i = 1, n do out[i] = tostring(rec[i]) end
  redis.call('SET', key, cmsgpack.pack(out))
end
