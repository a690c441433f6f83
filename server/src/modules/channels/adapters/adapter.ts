/**
 * A channel as an adapter (issue 17 item 1; FixMyStreet's report senders are the model): each of the
 * seven data streams of the data pool (DESIGN §7) maps what its source sends to the one event
 * contract, and says how the source hears back of its events. The registry (index.ts) holds one per
 * channel, so a reader sees all seven streams in one place.
 */
import type { IngestItem, IntakeChannel } from '@xiaolan/contracts'

/**
 * How a channel's reports arrive: our own forms (the resident app, the 12345 desk, the grid
 * worker's app — their routes' schemas are the contract), a partner platform's push through
 * `/ingest/events`, or a message board's feed (uploaded or pulled) mapped record by record.
 */
export type Inbound = 'resident_app' | 'hotline_desk' | 'grid_app' | 'partner_push' | 'board_feed'

/**
 * How the source hears of its events: the reporter by SMS and in the app (the reporter's loop), the
 * partner by its signed webhooks (notifications' outbox), a message board by a reply posted back when
 * the event closes (netizen-replies.ts).
 */
export type StatusBack = 'reporter' | 'webhook' | 'reply'

/** One field of a source's record that does not map, named as the event contract names it. */
export class MappingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

export interface ChannelAdapter<Record = unknown> {
  channel: IntakeChannel
  inbound: Inbound
  statusBack: StatusBack
  /**
   * The event contract of one record of the source's own shape; throws MappingError naming the
   * field. Our own forms and the partners' push already speak the contract, so only a feed maps.
   */
  toEvent?: (record: Record) => IngestItem
}
