import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { release } from './vite-release.ts'

/** Replaced by the server with a fresh nonce in every page it serves (server/src/web.ts). */
const STYLE_NONCE_PLACEHOLDER = '__XIAOLAN_STYLE_NONCE__'

/**
 * Two places in antd's rc-components write styles the page's strict style-src refuses, however
 * antd's `csp.nonce` is set: rc-util's `<style>` injector for its own sheets (the modal's scroll
 * lock, the scrollbar measurement; ant-design/ant-design#58150, react-component/util#613), and the
 * auto-sizing TextArea's hidden twin, styled through a style attribute. The first falls back to
 * the page's nonce, the second sets the same text through CSSOM, which a policy does not govern.
 * The build fails if either code changes, rather than the pages failing under the policy.
 */
const CSP_PATCHES = [
  {
    file: /@rc-component[\\/]util[\\/].*Dom[\\/]dynamicCSS\.js$/,
    find: /if \(csp\?\.nonce\) \{\s*styleNode\.nonce = csp\?\.nonce;\s*\}/,
    replace: `const nonce = csp?.nonce || document.querySelector('meta[property="csp-nonce"]')?.nonce;\n  if (nonce) styleNode.nonce = nonce;`,
  },
  {
    file: /@rc-component[\\/]input[\\/].*calculateNodeHeight\.js$/,
    find: /hiddenTextarea\.setAttribute\('style', (`[^`]*`)\);/,
    replace: 'hiddenTextarea.style.cssText = $1;',
  },
]

function antdUnderCsp(): Plugin {
  return {
    name: 'xiaolan:antd-under-csp',
    enforce: 'pre',
    transform(code, id) {
      const patch = CSP_PATCHES.find((p) => p.file.test(id))
      if (!patch) return null
      if (!patch.find.test(code)) throw new Error(`${id} changed; update CSP_PATCHES in web/vite.config.ts`)
      return code.replace(patch.find, patch.replace)
    },
  }
}

export default defineConfig({
  plugins: [react(), antdUnderCsp(), release()],
  // Vite marks the tags it writes with this nonce and adds <meta property="csp-nonce">
  html: { cspNonce: STYLE_NONCE_PLACEHOLDER },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  // not emptied: the previous build's chunks stay for tabs still open on it (vite-release.ts prunes older ones)
  build: { outDir: 'dist', emptyOutDir: false, chunkSizeWarningLimit: 2000 },
})
