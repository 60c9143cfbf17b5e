-- A comment's features as the batched scripts receive them: one argument, the features joined by '\n' (a feature
-- never contains one, nor is empty; the caller checks), '' for none. Returns them as a table, in order.
local function featureList(joined)
  local out = {}
  if joined == '' then return out end
  local from = 1
  while true do
    local at = string.find(joined, '\n', from, true)
    if not at then
      out[#out + 1] = string.sub(joined, from)
      return out
    end
    out[#out + 1] = string.sub(joined, from, at - 1)
    from = at + 1
  end
end
