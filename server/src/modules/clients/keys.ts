/**
 * API keys: `xlk_` and 32 random bytes in base64url. Only the key's SHA-256 is stored. A fast hash is
 * right here, unlike for passwords: a key has 256 bits of entropy, so no guess list or GPU can walk
 * its space however cheap each hash is, and argon2 would only cost every ingestion request time.
 * The first characters (the prefix, not secret: 48 random bits, unique) find the row; the hash of the
 * whole key is then compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const PREFIX_LENGTH = 12 // 'xlk_' and 8 base64url characters

export interface NewKey {
  key: string
  prefix: string
  hash: string
}

export function newKey(): NewKey {
  const key = `xlk_${randomBytes(32).toString('base64url')}`
  return { key, prefix: keyPrefix(key), hash: keyHash(key) }
}

export const keyPrefix = (key: string) => key.slice(0, PREFIX_LENGTH)

export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex')

/** Whether `key` is the one whose hash is stored, in time that does not depend on where they differ. */
export function keyMatches(key: string, storedHash: string): boolean {
  const given = Buffer.from(keyHash(key), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return given.length === stored.length && timingSafeEqual(given, stored)
}

/** A string shaped like our keys (anything else is refused before the database is asked). */
export const looksLikeKey = (key: string) => /^xlk_[A-Za-z0-9_-]{43}$/.test(key)
