/**
 * `POST /api/v1/admin/imports?dryRun=true|false`: an administrator uploads a file of historical
 * events (multipart field `file`, CSV or xlsx). The file is streamed into the check, never held
 * whole; the answer is the report, after the write when there is one (one transaction: a failed
 * import writes nothing).
 */
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ImportQuery, ImportReport, replies } from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { invalid } from '../../errors.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { formatOf, importFile } from './import.ts'

/** 200,000 rows of a few hundred bytes each. */
export const MAX_IMPORT_BYTES = 128 * 1024 * 1024

export const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  await fastify.register(multipart, { limits: { files: 1, fields: 2, fileSize: MAX_IMPORT_BYTES, parts: 3 } })
  // checked before validation, so a non-admin learns nothing about the shapes
  fastify.addHook('preValidation', async (request) => {
    requireAdmin(requirePrincipal(request))
  })

  fastify.post(
    '/admin/imports',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: { tags: ['admin'], consumes: ['multipart/form-data'], querystring: ImportQuery, response: replies({ 200: ImportReport }) },
    },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      if (!request.isMultipart()) throw invalid('file', 'Send the file as multipart/form-data in the field "file"')
      const malformed = (error: { statusCode?: number }) => {
        if (error.statusCode !== undefined && error.statusCode < 500) throw error
        throw invalid('file', 'The multipart/form-data body is malformed')
      }
      const file = await request.file().catch(malformed)
      if (file?.fieldname !== 'file') throw invalid('file', 'Send the file in the field "file"')
      const upload = file.file
      return importFile(ctx, upload, {
        format: formatOf(file.filename),
        dryRun: request.query.dryRun,
        truncated: () => upload.truncated,
        by: { userId: admin.user.id, file: file.filename },
      })
    },
  )
}
