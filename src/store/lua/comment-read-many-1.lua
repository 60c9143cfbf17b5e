--[[
The records the worker reads in one turn of the event loop (its jobs in flight), each with what scoring needs to know
about its text and author on its site, in one call (read only): the record as GET answers it, and what
comment-signals-3.lua answers for the text's hash and the author hash the record holds. Reading them with the record
saves the worker a call of its own for them, and hashing the text and the author again.

KEYS[1]  {P}:seq, a key of the comment slot (where the call is sent on a Redis Cluster; not read); the record keys and
         the site keys built from ARGV[1] share its hash tag
ARGV[1]  p, the `{P}:` key start
ARGV[2..] the record keys {P}:c:<id>
Result   four values per record, in order: the record as GET answers it (nil when there is none, and for a record of
         the former hash layout, which the caller reads on its own); the submissions of its text (nil when unseen);
         1 when its author has a published comment on its site, else 0, or -1 when the signals were not read (no
         record, unconfirmed intake, or a record without the text's hash: one stored by an earlier version); 1 when a
         moderator marked one of its author's comments on the site spam (see the spam-authors key), else 0
]]
--- @include "scoring-signals"
-- The record positions this script needs, as plain values instead of the tables of includes/record (built on every
-- call otherwise). A unit test checks them against COMMENT_FIELDS.
local P_siteId, P_ip, P_authorHash, P_intake, P_textHash = 3, 14, 21, 22, 26
local p = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local at = 4 * (i - 2)
  -- GET fails on a record of the former hash layout: answered as none, and read by the caller.
  local s = redis.pcall('GET', ARGV[i])
  if type(s) ~= 'string' then s = false end
  -- A record that does not unpack is left to the caller, whose read of it fails on its own.
  local ok, rec = false, nil
  if s then ok, rec = pcall(cmsgpack.unpack, s) end
  local textHash = ok and type(rec) == 'table' and rec[P_textHash]
  out[at + 1] = s
  if type(textHash) ~= 'string' or textHash == '' or (rec[P_intake] or '') ~= '' then
    out[at + 2], out[at + 3], out[at + 4] = false, -1, 0
  else
    local site = rec[P_siteId] or ''
    if site == '' then site = 'default' end
    local base = p .. 'site:' .. site .. ':'
    -- As authorHash() in comment-records.ts: no known author without an address (retention may have blanked it).
    local author = rec[P_authorHash] or ''
    if (rec[P_ip] or '') == '' then author = '' end
    out[at + 2], out[at + 3], out[at + 4] =
      scoringSignals(base .. 'text-seen', base .. 'published-authors', base .. 'spam-authors', textHash, author)
  end
end
return out
