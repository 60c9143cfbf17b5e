--[[
Creates, replaces or removes a site together with its API key index, the id set and the version,
compare-and-set on the site's current JSON, so concurrent writers never lose each other's change.

KEYS[1]  the site                {P.sites}:s:<id>
KEYS[2]  ids of every site       {P.sites}:ids
KEYS[3]  version                 {P.sites}:version
ARGV[1]  p, the `{P.sites}:` key start (key index entries share the tag)
ARGV[2]  site id
ARGV[3]  the JSON the caller read, '' when it must not exist yet
ARGV[4]  the new JSON, '' to remove the site
ARGV[5]  n, the number of API key hashes to drop from the index
ARGV[6..5+n] key hashes to drop; the rest: key hashes to add
Result   1 written | 0 the site is not as the caller read it
]]
local siteKey, idsKey, versionKey = KEYS[1], KEYS[2], KEYS[3]
local p, id, expected, json, drop = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local current = redis.call('GET', siteKey)
if expected == '' then
  if current then return 0 end
elseif current ~= expected then
  return 0
end
for i = 6, 5 + drop do redis.call('DEL', p .. 'key:' .. ARGV[i]) end
for i = 6 + drop, #ARGV do redis.call('SET', p .. 'key:' .. ARGV[i], id) end
if json == '' then
  redis.call('DEL', siteKey)
  redis.call('SREM', idsKey, id)
else
  redis.call('SET', siteKey, json)
  redis.call('SADD', idsKey, id)
end
redis.call('INCR', versionKey)
return 1
