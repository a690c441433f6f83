/**
 * In the API tests, every JSON answer is checked against its route's response schema before
 * Fastify serialises it. The serialiser forgives what the schema does not say: `null` in a
 * string field goes out as "", a number in a string field as its digits, and a field the schema
 * does not list is dropped. A handler and its schema that drift apart would so pass every test
 * while the client reads wrong values; here the request fails instead (500, and the log names
 * the route and the field). A field the schema leaves out is not a failure: dropping it is how
 * the schema keeps internals (a staff member's unitId) from being sent.
 */
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)
const compiled = new WeakMap<object, ValidateFunction>()

export function checkResponses(app: FastifyInstance) {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const responses = (request.routeOptions.schema as { response?: Record<string, object> } | undefined)?.response
    const status = String(reply.statusCode)
    const schema = responses?.[status] ?? responses?.[`${status[0]}xx`]
    // no schema (the 404 of an unknown path) or a file or stream (declared by media type)
    if (!schema || 'content' in schema) return payload
    let validate = compiled.get(schema)
    if (!validate) {
      validate = ajv.compile(schema)
      compiled.set(schema, validate)
    }
    // what JSON.stringify would send: a Date becomes its ISO string, as the serialiser writes it
    if (!validate(JSON.parse(JSON.stringify(payload)))) {
      throw new Error(
        `${request.method} ${request.routeOptions.url} ${status}: the answer does not match its schema: ${ajv.errorsText(validate.errors)}`,
      )
    }
    return payload
  })
}
