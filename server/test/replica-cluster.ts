/**
 * A throwaway PostgreSQL 15 primary and streaming replica, for the read-replica test and the
 * failover rehearsal of docs/operations.md. Nothing of the machine's own cluster is used or changed:
 * both live in a fresh folder under /tmp (owned by the `postgres` OS user, which initdb needs when we
 * are root), listen on 127.0.0.1 on two free ports of 55440–55459 and keep their sockets in that
 * folder, with their own pg_hba.conf allowing replication from 127.0.0.1.
 *
 *   const pair = await startReplicaPair()   // initdb, start, pg_basebackup -R, start the replica
 *   pair.primaryUrl, pair.replicaUrl        // postgres://postgres@127.0.0.1:<port>/postgres
 *   await pair.pause() / pair.resume()      // pg_wal_replay_pause() / _resume() on the replica
 *   await pair.stop()                       // both stopped, the folder removed
 *
 * A watchdog process holds a pipe from this process: when this process ends in any way (a failed
 * test, a crash, SIGKILL) without `stop()`, the pipe closes and the watchdog stops both servers and
 * removes the folder, so no postgres is ever left running.
 *
 * As a script: `node --import tsx server/test/replica-cluster.ts` starts a pair, prints its URLs and
 * keeps it until Ctrl+C (used to rehearse failover by hand).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

export const PG15_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin'
const PORTS = { first: 55440, last: 55459 }

export interface ReplicaPair {
  primaryUrl: string
  replicaUrl: string
  /** the folder holding both data directories and their logs */
  dir: string
  ports: { primary: number; replica: number }
  /** Pauses WAL replay on the replica (it stays up and answers, ever further behind). */
  pause(): Promise<void>
  resume(): Promise<void>
  /** Resolves when the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>
  stopReplica(): Promise<void>
  startReplica(): Promise<void>
  /** `pg_ctl stop -m immediate` on the primary: a crash, nothing flushed to the replica afterwards. */
  crashPrimary(): Promise<void>
  /** `pg_ctl promote` on the replica: it becomes a read-write primary. */
  promote(): Promise<void>
  stop(): Promise<void>
}

/** PostgreSQL 15's binaries are here, and we may run them (as root through runuser, else as ourselves). */
export function replicaPairAvailable(): boolean {
  return existsSync(join(PG15_BIN, 'initdb')) && existsSync(join(PG15_BIN, 'pg_basebackup'))
}

const run = promisify(execFile)
const isRoot = process.getuid?.() === 0

/** A PostgreSQL binary as the postgres OS user (initdb and postgres refuse to run as root). */
function asPostgres(bin: string, args: string[]) {
  const path = join(PG15_BIN, bin)
  return isRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args)
}

async function postgresIds(): Promise<{ uid: number; gid: number } | null> {
  if (!isRoot) return null
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
  return { uid: Number(uid), gid: Number(gid) }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function freePorts(n: number): Promise<number[]> {
  const found: number[] = []
  for (let port = PORTS.first; port <= PORTS.last && found.length < n; port++) if (await portFree(port)) found.push(port)
  if (found.length < n) throw new Error(`no ${n} free ports in ${PORTS.first}–${PORTS.last}`)
  return found
}

const settings = (port: number, dir: string) => `
# xiaolan replica-cluster.ts: a throwaway test server
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}'
max_connections = 60
shared_buffers = 32MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = 128MB
hot_standby = on
fsync = off
full_page_writes = off
log_min_messages = warning
`

const HBA = `# xiaolan replica-cluster.ts: trust from this machine only, replication included
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
`

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text)).rows
  } finally {
    await client.end()
  }
}

/** Polls `check` every 20 ms until it holds (a condition, not a fixed sleep), failing after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The shell script the watchdog runs once its stdin (our pipe) closes. */
function cleanupScript(dir: string, dataDirs: string[]) {
  const pgCtl = join(PG15_BIN, 'pg_ctl')
  const stop = dataDirs
    .map((d) => `${isRoot ? 'runuser -u postgres -- ' : ''}${pgCtl} -D '${d}' stop -m immediate -w >/dev/null 2>&1`)
    .join('; ')
  return `cat >/dev/null; ${stop}; rm -rf '${dir}'`
}

export async function startReplicaPair(options: { ports?: [number, number] } = {}): Promise<ReplicaPair> {
  if (!replicaPairAvailable()) throw new Error(`PostgreSQL 15 binaries not found in ${PG15_BIN}`)
  const dir = mkdtempSync('/tmp/xiaolan-replica-')
  const primaryDir = join(dir, 'primary')
  const replicaDir = join(dir, 'replica')
  chmodSync(dir, 0o700)
  const ids = await postgresIds()
  if (ids) chownSync(dir, ids.uid, ids.gid)
  const watchdog: ChildProcess = spawn('sh', ['-c', cleanupScript(dir, [replicaDir, primaryDir])], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  watchdog.unref()
  ;(watchdog.stdin as unknown as { unref?: () => void }).unref?.()

  let stopped = false
  const pgCtl = (data: string, ...args: string[]) => asPostgres('pg_ctl', ['-D', data, ...args])
  const stopAll = async () => {
    if (stopped) return
    stopped = true
    for (const d of [replicaDir, primaryDir]) await pgCtl(d, 'stop', '-m', 'immediate', '-w').catch(() => {})
    rmSync(dir, { recursive: true, force: true })
    watchdog.kill('SIGKILL')
    watchdog.stdin?.destroy()
  }

  try {
    const [primaryPort, replicaPort] = options.ports ?? (await freePorts(2))
    await asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    await appendFile(join(primaryDir, 'postgresql.conf'), settings(primaryPort, dir))
    writeFileSync(join(primaryDir, 'pg_hba.conf'), HBA)
    await pgCtl(primaryDir, '-l', join(dir, 'primary.log'), '-w', '-t', '30', 'start')
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ])
    // the copied postgresql.conf names the primary's port: the later line wins
    await appendFile(join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`)
    await pgCtl(replicaDir, '-l', join(dir, 'replica.log'), '-w', '-t', '30', 'start')

    const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`
    const primaryUrl = url(primaryPort)
    const replicaUrl = url(replicaPort)
    const replayed = async () => {
      const [{ lsn }] = await query<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn')
      const [{ ok }] = await query<{ ok: boolean }>(replicaUrl, `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as ok`)
      return ok
    }
    await until('the replica to stream', async () => {
      const rows = await query<{ state: string }>(primaryUrl, 'select state from pg_stat_replication')
      return rows.some((r) => r.state === 'streaming')
    })
    return {
      primaryUrl,
      replicaUrl,
      dir,
      ports: { primary: primaryPort, replica: replicaPort },
      async pause() {
        await query(replicaUrl, 'select pg_wal_replay_pause()')
        await until('replay to pause', async () => {
          const [{ state }] = await query<{ state: string }>(replicaUrl, 'select pg_get_wal_replay_pause_state() as state')
          return state === 'paused'
        })
      },
      async resume() {
        await query(replicaUrl, 'select pg_wal_replay_resume()')
      },
      caughtUp: () => until('the replica to catch up', replayed),
      async stopReplica() {
        await pgCtl(replicaDir, 'stop', '-m', 'fast', '-w')
      },
      async startReplica() {
        await pgCtl(replicaDir, '-l', join(dir, 'replica.log'), '-w', '-t', '30', 'start')
      },
      async crashPrimary() {
        await pgCtl(primaryDir, 'stop', '-m', 'immediate', '-w')
      },
      async promote() {
        await pgCtl(replicaDir, 'promote', '-w', '-t', '30')
      },
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pair = await startReplicaPair()
  console.log(`primary ${pair.primaryUrl}\nreplica ${pair.replicaUrl}\nfolder  ${pair.dir}\n(Ctrl+C stops both and removes the folder)`)
  const end = () => void pair.stop().then(() => process.exit(0))
  process.once('SIGINT', end)
  process.once('SIGTERM', end)
  setInterval(() => {}, 1 << 30)
}
