--[[
Replaces a site's rule set and bumps the rules version in one step, the new version becoming the set's
revision, so a cache that saw the version change always finds a revision at least as new.

KEYS[1]  the site's rules        {P.sites}:rules:<id>   HASH rules (JSON), revision, updatedAt
KEYS[2]  rules version           {P.sites}:rules-version
ARGV[1]  the rules as JSON
ARGV[2]  updatedAt (ISO 8601)
Result   the new revision
]]
local revision = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'rules', ARGV[1], 'revision', revision, 'updatedAt', ARGV[2])
return revision
