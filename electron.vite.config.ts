import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import { build as viteBuild } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('.', import.meta.url))
const at = (path: string): string => resolve(root, path)

export default defineConfig({
  // ESM (package.json "type": "module") → out/main/index.js, the package's "main".
  main: {
    // the CLI (out/cli, for plain Node) is built with the app: see cli.vite.config.ts
    plugins: [{ name: 'rnnwb-cli', apply: 'build', closeBundle: () => viteBuild({ configFile: at('cli.vite.config.ts') }).then(() => {}) }],
    build: {
      outDir: at('out/main'),
      rolldownOptions: {
        input: { index: at('src/main/index.ts') },
        // stable names: the trainer (imported with ?modulePath) lands at out/main/chunks/trainer.js
        output: { chunkFileNames: 'chunks/[name].js' },
      },
    },
  },
  // Sandboxed preloads cannot be ES modules: build CommonJS → out/preload/index.cjs.
  preload: {
    build: {
      // a sandboxed preload cannot require packages: bundle them (zod, for the shared IPC contract)
      externalizeDeps: false,
      outDir: at('out/preload'),
      rolldownOptions: {
        input: { index: at('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('src/renderer'),
    plugins: [vue()],
    build: {
      outDir: at('out/renderer'),
      // fonts (KaTeX's) stay files: inlined as data: URIs the window's CSP (font-src from default-src 'self') refuses them
      assetsInlineLimit: (file: string) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
      rolldownOptions: {
        input: { index: at('src/renderer/index.html') },
      },
    },
  },
})
