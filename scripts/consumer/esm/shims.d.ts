// ioredis's own .d.ts files import redis-errors, which ships no types: without this line a
// consumer that checks library types (skipLibCheck false) fails on ioredis, not on our packages.
declare module 'redis-errors'
