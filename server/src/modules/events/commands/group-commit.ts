/**
 * Group commit (issue 15): the writes of one instance that arrive while a write is in flight are
 * written together, in one transaction with one statement per table for all of them, as soon as
 * that write returns — no timer, so a lone write waits for nothing, and under load each write's
 * round trips (BEGIN, its statements, COMMIT and its WAL flush) are shared by the group.
 *
 * A group that fails is written again one write at a time, each in its own transaction: one bad
 * write (a unique violation, an attachment that is not the caller's) fails only its own request,
 * with its own error, and never leaves another half written. A write that can fail alone without
 * failing the group (a stale version) is answered by `write` itself, per item.
 */

/** What `write` says about each item of a group, in order: its result, or its own error. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

export interface GroupCommitOptions<T> {
  /** the most items one transaction writes */
  max: number
  /** items that may not share a group (two actions on one event): the later waits for the next */
  key?: (item: T) => unknown
}

/**
 * A queue that writes items in groups through `write`. `write` calls its `take` once, as late as it
 * can — inside its transaction, once it holds a connection — so that every item that arrived while
 * it waited for one joins the group; it writes those 1..max items all or none, unless it answers an
 * item with its own error, and answers them in order. Returns the function a caller awaits per item.
 */
export function groupCommit<T, R>(write: (take: () => T[]) => Promise<Array<Outcome<R>>>, options: GroupCommitOptions<T>) {
  type Waiting = { item: T; resolve: (value: R) => void; reject: (error: unknown) => void }
  let queue: Waiting[] = []
  let flushing = false

  const take = (): Waiting[] => {
    if (!options.key) {
      const group = queue.slice(0, options.max)
      queue = queue.slice(group.length)
      return group
    }
    const keys = new Set<unknown>()
    const group: Waiting[] = []
    const rest: Waiting[] = []
    for (const w of queue) {
      const k = options.key(w.item)
      if (group.length < options.max && !keys.has(k)) {
        keys.add(k)
        group.push(w)
      } else rest.push(w)
    }
    queue = rest
    return group
  }

  const settle = (w: Waiting, outcome: Outcome<R>) => (outcome.ok ? w.resolve(outcome.value) : w.reject(outcome.error))

  const writeAlone = async (w: Waiting) => {
    try {
      settle(w, (await write(() => [w.item]))[0])
    } catch (error) {
      w.reject(error)
    }
  }

  const flush = async () => {
    flushing = true
    try {
      while (queue.length) {
        let group: Waiting[] | undefined
        const taken = () => {
          group ??= take()
          return group.map((w) => w.item)
        }
        let outcomes: Array<Outcome<R>>
        try {
          outcomes = await write(taken)
        } catch (error) {
          // failed before it took any (no connection): the next writes, each alone, get their own answer
          group ??= take()
          if (group.length === 1) group[0].reject(error)
          // which write broke the group is not known: each one alone, so only that one fails
          else for (const w of group) await writeAlone(w)
          continue
        }
        for (const [i, w] of (group ?? []).entries()) settle(w, outcomes[i])
      }
    } finally {
      flushing = false
    }
  }

  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      if (!flushing) void flush()
    })
}
