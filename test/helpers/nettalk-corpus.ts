// Where the tests find the NETtalk corpus: the copy the repository ships in resources/nettalk/ (the one the app
// installs and a project's 'bundled' names). A missing corpus fails loudly, naming the place.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const NETTALK_DIR = join(import.meta.dirname, '../../resources/nettalk')
export const NETTALK_DICTIONARY = join(NETTALK_DIR, 'nettalk.data')
export const NETTALK_LIST = join(NETTALK_DIR, 'nettalk.list')

if (!existsSync(NETTALK_DICTIONARY)) throw new Error(`the NETtalk corpus is not at ${NETTALK_DIR}: the repository ships it in resources/nettalk/`)
