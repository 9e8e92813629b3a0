// Where the tests find the NETtalk corpus: ../shared/data/nettalk beside the checkout (it is never copied into
// the repository), or the folder named by RNNWB_NETTALK_DIR. A missing corpus fails loudly, naming the place.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const NETTALK_DIR = resolve(process.env.RNNWB_NETTALK_DIR ?? join(import.meta.dirname, '../../../shared/data/nettalk'))
export const NETTALK_DICTIONARY = join(NETTALK_DIR, 'nettalk.data')
export const NETTALK_LIST = join(NETTALK_DIR, 'nettalk.list')

if (!existsSync(NETTALK_DICTIONARY)) {
  throw new Error(`the NETtalk corpus is not at ${NETTALK_DIR}: it belongs beside the checkout in ../shared/data/nettalk (or set RNNWB_NETTALK_DIR)`)
}
