/**
 * A background pass on a timer, as the minute jobs run it (the SLA jobs, the alert scan): a first
 * pass soon after start, then one every `intervalMs`, never two at once; the timers do not keep
 * the process alive. The returned stop clears them and waits for the pass in hand.
 */
export function startTicker(pass: () => Promise<void>, intervalMs: number, firstMs = 5_000): () => Promise<void> {
  let running: Promise<void> | null = null
  const schedule = () => {
    if (!running) running = pass().finally(() => (running = null))
  }
  const first = setTimeout(schedule, firstMs)
  const timer = setInterval(schedule, intervalMs)
  first.unref()
  timer.unref()
  return async () => {
    clearTimeout(first)
    clearInterval(timer)
    await running
  }
}
