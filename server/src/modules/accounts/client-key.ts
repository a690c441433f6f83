/**
 * The client a per-address limit counts: the IPv4 address, or the IPv6 /56 prefix (one customer's
 * delegation, within which an attacker can pick any address), as @fastify/rate-limit also counts.
 */
import { isIP } from 'node:net'

export function clientKey(ip: string): string {
  const address = ip.split('%')[0]
  const mapped = /^::ffff:([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)$/i.exec(address)
  if (mapped) return mapped[1]
  if (isIP(address) !== 6) return address
  const [head, tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail === undefined ? [] : tail ? tail.split(':') : []
  // an embedded IPv4 tail lies beyond the first 56 bits; count it as two groups
  const rightGroups = right.flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]))
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - rightGroups.length)).fill('0'), ...rightGroups]
  const hex = groups.map((g) => g.padStart(4, '0')).join('')
  return `${hex.slice(0, 14)}::/56`
}
