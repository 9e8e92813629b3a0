/** NETtalk (docs/nettalk.md): corpus, codes, data sets, scores and running a network on words. Pure core
 *  code, usable from the app, the CLI and tests alike. */
export * from './spec.js'
export * from './codec.js'
export * from './corpus.js'
export * from './datasets.js'
export * from './score.js'
export * from './run.js'
export * from './setups.js'
export * from './speech.js'
