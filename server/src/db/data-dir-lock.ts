/**
 * One process at a time on an embedded data directory. PGlite does not guard its directory, and two
 * processes writing one (a second `npm start`, or `xiaolan seed` beside a running server) corrupt
 * it. The lock is a file in the directory naming its holder; one whose process is gone is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The pid holding the lock, or null when there is none or it was left behind. */
function holderOf(file: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(file, 'utf8'))
  } catch {
    return null // released meanwhile
  }
  if (!(pid > 0) || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}

/** Takes the directory's lock, released when the process exits; refuses while another process holds it. */
export function lockDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'xiaolan.pid')
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = holderOf(file)
      if (holder !== null) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${holder}: stop it first, or set DATA_DIR to another directory`,
        )
      }
      rmSync(file, { force: true })
    }
  }
  process.once('exit', () => rmSync(file, { force: true }))
}
