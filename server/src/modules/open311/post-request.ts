/**
 * `POST requests` (GeoReport v2): an API client's report becomes one of our events through the
 * events module's intake (createEvent), as a partner platform's does — by the client's channel
 * (its first, the one an Open311 client is made for), as the system, with the reporter's name
 * (last name first, as Chinese names are written) and phone kept private on the event, the client
 * as its source; the e-mail address is not kept, and `attribute[…]` not either, since no service
 * declares one.
 *
 * The place: `lat` + `long`, or `address_string` matched with the gazetteer (its one best match
 * within the client's area). `service_request_id` and the token are the event's public number
 * (LZ20261130-000001): what residents, the 12345 desk and `/track` know an event by — the numeric
 * id is internal and says how many events the city has.
 */
import type { Open311Created, Open311PostBody } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { forbidden, invalid } from '../../errors.ts'
import type { PlaceFinder } from '../channels/ingest.ts'
import type { ApiClient } from '../clients/auth.ts'
import { coversUnit, partnerChannels } from '../clients/policy.ts'
import { createEvent } from '../events/commands/report.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import { serviceCategory } from './services.ts'

export async function postRequest(app: AppContext, client: ApiClient, body: Open311PostBody, places: PlaceFinder): Promise<Open311Created> {
  const [channel] = partnerChannels(client)
  if (!channel) throw forbidden('This client reports no events')
  const category = serviceCategory(app, body.service_code)
  if (!category) throw invalid('service_code', `No service ${body.service_code}`)
  const place = await placeOf(app, client, body, places)
  const said = body.description?.trim() ?? ''
  // the intake needs words; a request with none says which service it is
  const description = [said.length >= 2 ? said : `${category.nameZh}（Open311 报告）`, body.media_url && `图片：${body.media_url}`]
    .filter(Boolean)
    .join('\n')
  const name = `${body.last_name?.trim() ?? ''}${body.first_name?.trim() ?? ''}`
  const { row, log } = await createEvent(
    app,
    {
      channel,
      category: category.code,
      description,
      ...place,
      reporterName: name || null,
      reporterPhone: body.phone?.trim() || null,
      // the client it came from (its webhooks, its figures); GeoReport v2 requests carry no id of their own
      source: { clientId: client.id },
    },
    { kind: 'system' },
  )
  const routed = log.find((e) => e.action === 'route')
  const unit = routed?.toUnitId == null ? undefined : app.orgs.ref(routed.toUnitId)?.name
  return [
    {
      service_request_id: row.number,
      token: row.number,
      service_notice: unit ? `已受理，由${unit}办理` : '已受理，待分拨',
      account_id: null,
    },
  ]
}

/** The point as given, or the address's community; 400 naming the field, also outside the client's area. */
async function placeOf(
  app: AppContext,
  client: ApiClient,
  body: Open311PostBody,
  places: PlaceFinder,
): Promise<{ lat?: number; lng?: number; communityCode?: string; address?: string }> {
  const inArea = (unit: OrgUnit | undefined, field: string) => {
    if (unit && !coversUnit(app, client, unit)) throw invalid(field, 'This place is outside the area this client reports for')
  }
  const address = body.address_string?.trim() || undefined
  if (body.lat !== undefined || body.long !== undefined) {
    if (body.lat === undefined) throw invalid('lat', 'lat and long go together')
    if (body.long === undefined) throw invalid('long', 'lat and long go together')
    const [lat, lng] = [Number(body.lat), Number(body.long)]
    if (Math.abs(lat) > 90) throw invalid('lat', 'lat is between -90 and 90')
    if (Math.abs(lng) > 180) throw invalid('long', 'long is between -180 and 180')
    const found = app.orgs.locate(lat, lng)
    if (!found) throw invalid('lat', 'This point is outside the city')
    inArea(app.orgs.unit(found.communityId ?? found.streetId ?? found.districtId ?? found.cityId), 'lat')
    return { lat, lng, address }
  }
  if (!address) throw invalid('lat', 'Give lat and long, or an address_string')
  const scope = client.scopeUnitId === null ? undefined : app.orgs.unit(client.scopeUnitId)
  const { items } = await places(address, 3, scope?.path)
  const [best, second] = items
  if (!best) throw invalid('address_string', 'No place of this client’s area matches the address')
  if (second && second.rank === best.rank && second.community.code !== best.community.code) {
    throw invalid('address_string', `The address may be in ${best.community.name} or ${second.community.name}: send lat and long`)
  }
  // the place's own point locates it to its grid; else its community
  return best.point ? { ...best.point, address } : { communityCode: best.community.code, address }
}
