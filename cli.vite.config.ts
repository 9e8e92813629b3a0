// The rnnwb CLI built to JavaScript for plain Node → out/cli: rnnwb.js (the command), trainer.js (the trainer
// process it forks), worker.js (the data-script worker thread). Built with the rest of the app: the main build in
// electron.vite.config.ts runs this one after it (so `npm run build`, `npm start`, `npm run dev` and the test
// setup all make it). Every file lands in out/cli itself, no chunk folder: the launcher and the script runner
// find trainer.js and worker.js beside their own module. The package version is set here (RNNWB_BUILD_VERSION).
// Packages stay external (imported from node_modules, inside app.asar when installed); no Electron.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const at = (path: string): string => resolve(fileURLToPath(new URL('.', import.meta.url)), path)

const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { version: string }

export default defineConfig({
  define: { RNNWB_BUILD_VERSION: JSON.stringify(version) },
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: at('out/cli'),
    emptyOutDir: true,
    minify: false,
    rolldownOptions: {
      input: {
        rnnwb: at('src/cli/rnnwb.ts'),
        trainer: at('src/node/trainer/trainer.ts'),
        worker: at('src/node/scripts/worker.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
})
