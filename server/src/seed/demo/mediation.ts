/**
 * Demo mediation organisations: four in each district, a people's mediation room in every street,
 * and rooms in enough communities to make Lanzhou's 363 street and community rooms.
 */
import { pad } from '../../modules/orgs/layout.ts'
import type { DemoUnits } from './city.ts'

const DISTRICT_MEDIATION = [
  '医疗纠纷人民调解委员会',
  '劳动人事争议调解中心',
  '物业纠纷人民调解委员会',
  '婚姻家庭纠纷人民调解委员会',
] as const

/** Total street and community rooms: one per street, the rest in communities. */
const STREET_COMMUNITY_ROOMS = 363

export function addMediation({ districts, streets, communities, add, rnd }: DemoUnits) {
  for (const district of districts) {
    DISTRICT_MEDIATION.forEach((m, mi) => {
      add({ code: `${district.code}M${pad(mi + 1, 2)}`, name: `${district.name}${m}`, kind: 'mediation', level: 2, parentId: district.id })
    })
  }
  for (const street of streets) {
    add({ code: `${street.code}M01`, name: `${street.name}人民调解室`, kind: 'mediation', level: 3, parentId: street.id })
  }
  // the communities with a room: the first of a shuffle, in the chain's order
  const shuffled = communities.map((_, i) => i)
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
  }
  const withRoom = shuffled.slice(0, STREET_COMMUNITY_ROOMS - streets.length).sort((a, b) => a - b)
  for (const index of withRoom) {
    const community = communities[index]
    const room = rnd() < 0.3 ? '心理咨询室' : '人民调解室'
    add({ code: `${community.code}M01`, name: `${community.name}${room}`, kind: 'mediation', level: 4, parentId: community.id })
  }
}
