/**
 * Releases of the web app, so a tab left open across an upgrade keeps working:
 *  - every build has an id, a hash of its hashed file names (the same sources give the same id),
 *    written into index.html as `<meta name="xiaolan-build">`; the server sends the id of the
 *    build it serves in `x-xiaolan-build` on every response, so a page can tell it is outdated;
 *  - a build writes over the previous one instead of emptying web/dist, and then deletes only the
 *    assets of builds older than the previous one: the chunks an open tab still loads stay served
 *    for one release. `releases.json` in web/dist lists the kept builds' files.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Plugin } from 'vite'

interface Release {
  id: string
  files: string[]
}

/** How many builds' assets stay in web/dist: this one and the one before. */
const KEPT = 2

export function release(): Plugin {
  let outDir = ''
  let assetsDir = ''
  let id = ''
  return {
    name: 'xiaolan:release',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
      assetsDir = config.build.assetsDir
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const names = Object.keys(bundle ?? {}).sort()
        id = createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 12)
        return [{ tag: 'meta', attrs: { name: 'xiaolan-build', content: id }, injectTo: 'head-prepend' }]
      },
    },
    writeBundle(_options, bundle) {
      const list = join(outDir, 'releases.json')
      const earlier: Release[] = existsSync(list) ? JSON.parse(readFileSync(list, 'utf8')) : []
      const releases = [{ id, files: Object.keys(bundle).sort() }, ...earlier.filter((r) => r.id !== id)].slice(0, KEPT)
      writeFileSync(list, `${JSON.stringify(releases, null, 2)}\n`)
      const kept = new Set(releases.flatMap((r) => r.files))
      const assets = join(outDir, assetsDir)
      for (const name of existsSync(assets) ? readdirSync(assets, { recursive: true, withFileTypes: true }) : []) {
        if (!name.isFile()) continue
        const path = join(name.parentPath, name.name)
        if (!kept.has(path.slice(outDir.length + 1))) rmSync(path)
      }
    },
  }
}
