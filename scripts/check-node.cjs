// `npm install` (root preinstall): stops on a Node.js older than this project needs, with one line.
// package.json "devEngines" stops npm >= 10.9 before anything is installed; older npm (10.8 and before, bundled
// with Node < 22.12) ignores it, and runs a root preinstall only after the dependencies are installed, so this is the
// check such users see. CommonJS and plain syntax: it must run, and say so, on an old Node.
// `node scripts/check-node.cjs [version]` checks `version` instead of the running Node (for the tests).
'use strict'

/** package.json engines.node and devEngines.runtime.version (test/scripts/check-node.test.ts keeps them equal). */
const required = '^20.19.0 || >=22.12.0'

/** Whether `version` ("22.12.0", "v20.19.1") satisfies `required`. */
function nodeSupported(version) {
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number)
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22
}

if (require.main === module) {
  const version = process.argv[2] || process.versions.node
  if (!nodeSupported(version)) {
    console.error(
      `RNN Workbench needs Node.js ${required} (22.12 or newer recommended; Vite, electron-vite and Electron's ` +
        `installer need require() of ES modules), and this is Node.js ${version}: install a newer Node.js and run npm install again.`,
    )
    process.exit(1)
  }
}

module.exports = { required, nodeSupported }
