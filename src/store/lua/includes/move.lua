-- The compare-and-set move of one comment (needs includes record, outbox, would-have and audit), shared by
-- comment-transition-1.lua (one comment) and comment-transition-many-1.lua (the moves asked for in one turn, each
-- applied on its own). Its arguments are a[o + 1] .. a[o + 24] (`a` is ARGV, or a move's unpacked arguments), laid out
-- as comment-transition-1.lua documents them for ARGV[1] .. ARGV[24]; `key` is the comment's record key. Returns the
-- reply comment-transition-1.lua documents.
-- Authors a site's moderators marked spam, kept per site (the newest by their comment's order): SPAM_AUTHORS_KEPT in
-- src/store/comment-store.ts.
--- @const SPAM_AUTHORS_KEPT

local function moveComment(key, a, o)
  local p, allowed, to, by, at, score, reasons, rev = a[o + 1], a[o + 2], a[o + 3], a[o + 4], a[o + 5],
    a[o + 6], a[o + 7], a[o + 8]
  local wouldHave, wouldHaveVerdict, byModerator = a[o + 16] or '', a[o + 17] or '', a[o + 18] or ''
  local rec = readRecord(key)
  -- Unconfirmed intake does not exist yet as far as decisions go.
  if not rec or rec[R.intake] ~= '' then return {'missing'} end
  local from, site, thread, order, authorHash, id = rec[R.status], rec[R.siteId], rec[R.threadId], rec[R.order], rec[R.authorHash], rec[R.id]
  if rev ~= '' and rec[R.rev] ~= rev then return {'stale'} end
  -- The record comes back with the outcome, so the caller needs no second read.
  local function outcome(name)
    local out = {name, from}
    if name == 'applied' and a[o + 24] == '1' and rev ~= '' then return out end
    for i = 1, #COMMENT_FIELDS do out[#out + 1] = rec[i] end
    return out
  end
  if not string.find(',' .. allowed .. ',', ',' .. from .. ',', 1, true) then return outcome('conflict') end
  -- The same rule as decidedByModerator in models/comment.ts.
  local decider = rec[R.decidedBy]
  local function startsWith(s, prefix) return string.sub(s, 1, #prefix) == prefix end
  if a[o + 23] == '1' and decider ~= '' and decider ~= 'classifier' and not startsWith(decider, 'rule:')
    and not startsWith(decider, 'site-backend:') then
    return outcome('conflict')
  end
  rec[R.status], rec[R.decidedBy], rec[R.decidedAt] = to, by, at
  if score ~= '' then rec[R.spamScore] = score end
  if reasons ~= '' then rec[R.reasons] = reasons end
  rec[R.rev] = tostring((tonumber(rec[R.rev]) or 0) + 1)
  if from ~= to then
    redis.call('ZREM', p .. 'status:' .. from, id)
    redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. from, id)
    redis.call('ZADD', p .. 'status:' .. to, order, id)
    redis.call('ZADD', p .. 'site:' .. site .. ':status:' .. to, order, id)
    if to == 'published' then
      redis.call('ZADD', p .. 'thread:' .. site .. ':' .. thread, order, id)
      -- A mode's publication does not make the author known: the signal follows what the filter would have done.
      local filterPublished = wouldHave == '' or wouldHaveVerdict == 'publish'
      if authorHash ~= '' and filterPublished then redis.call('SADD', p .. 'site:' .. site .. ':published-authors', authorHash) end
    elseif from == 'published' then
      redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
    end
  end
  -- A person's decision on an author's comment is what the site knows of that author: spam marks them (scoring adds
  -- the author-marked-spam signal to their next comments), an approval clears the mark. Newest SPAM_AUTHORS_KEPT kept,
  -- by the order of each author's newest comment marked: a moderator going through old spam does not age a mark.
  if authorHash ~= '' and byModerator == '1' then
    local spamAuthors = p .. 'site:' .. site .. ':spam-authors'
    if to == 'spam' then
      local score, was = tonumber(order) or 0, redis.call('ZSCORE', spamAuthors, authorHash)
      if not was or tonumber(was) < score then redis.call('ZADD', spamAuthors, score, authorHash) end
      if redis.call('ZCARD', spamAuthors) > SPAM_AUTHORS_KEPT then
        redis.call('ZREMRANGEBYRANK', spamAuthors, 0, -(SPAM_AUTHORS_KEPT + 1))
      end
    elseif to == 'published' then
      redis.call('ZREM', spamAuthors, authorHash)
    end
  end
  if wouldHave ~= '' then
    recordWouldHave(p, rec, site, wouldHave, wouldHaveVerdict)
  elseif byModerator == '1' then
    reviewWouldHave(p, rec, site, to)
  end
  writeRecord(key, rec)
  local event = eventFromArgv(o + 9, site, id, a)
  if event then addEvent(p, event) end
  addAuditEntry(p, o + 19, id, from, a)
  return outcome('applied')
end
