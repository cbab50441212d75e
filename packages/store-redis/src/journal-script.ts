/**
 * The journal's write, as one Lua script (one round trip, atomic): upsert each line's hash
 * (attempts + 1, first attempt kept, body and vendor status set or removed), index it by last
 * attempt, then trim the index by age (up to 100 lines a write; each hash also expires with the
 * retention) and by count.
 * @module
 */
import type { JournalWrite } from '@bubblehouse-hooks/core'
import type { Script } from './scripts'
import { script } from './scripts'

/**
 * KEYS[1] = index (sorted set: member `connector:bhid`, score last attempt ms). ARGV = line key
 * prefix, now ms, retention ms, max lines, then one JSON write each. The line keys share the
 * index's hash tag, so on a cluster they live in its slot.
 */
export const RECORD_JOURNAL: Script = script(`
local index = KEYS[1]
local base = ARGV[1]
local now = tonumber(ARGV[2])
local retention = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
for i = 5, #ARGV do
  local w = cjson.decode(ARGV[i])
  local member = w.connector .. ':' .. w.bhid
  local key = base .. member
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('HSETNX', key, 'firstAttemptAt', w.at)
  redis.call('HSET', key, 'bhid', w.bhid, 'name', w.name, 'eventTime', w.eventTime,
    'route', w.route, 'connector', w.connector, 'outcome', w.outcome, 'code', w.code,
    'lastAttemptAt', w.at, 'durationMs', w.durationMs)
  if w.vendorStatus then redis.call('HSET', key, 'vendorStatus', w.vendorStatus)
  else redis.call('HDEL', key, 'vendorStatus') end
  if w.body then redis.call('HSET', key, 'body', w.body)
  else redis.call('HDEL', key, 'body') end
  redis.call('PEXPIRE', key, retention)
  redis.call('ZADD', index, w.at, member)
end
local old = redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. (now - retention), 'LIMIT', 0, 100)
for _, m in ipairs(old) do redis.call('DEL', base .. m) end
if #old > 0 then redis.call('ZREM', index, unpack(old)) end
local extra = redis.call('ZCARD', index) - max
if extra > 0 then
  local gone = redis.call('ZRANGE', index, 0, extra - 1)
  for _, m in ipairs(gone) do redis.call('DEL', base .. m) end
  redis.call('ZREMRANGEBYRANK', index, 0, extra - 1)
end
redis.call('PEXPIRE', index, retention)
return 1
`)

/**
 * One write as the script's JSON argument. Numbers go as strings: Lua would print a 13-digit
 * timestamp it decoded as a float in exponent form.
 */
export function encodeJournalWrite(w: JournalWrite): string {
  return JSON.stringify({
    bhid: w.bhid,
    name: w.name,
    eventTime: w.eventTime,
    route: w.route,
    connector: w.connector,
    outcome: w.outcome,
    code: w.code,
    at: String(Math.round(w.at)),
    durationMs: String(w.durationMs),
    ...(w.vendorStatus !== undefined ? { vendorStatus: String(w.vendorStatus) } : {}),
    ...(w.body !== undefined ? { body: w.body } : {}),
  })
}
