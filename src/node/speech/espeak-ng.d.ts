// The espeak-ng package (eSpeak NG's command line compiled with Emscripten) ships no types: the part used here.
declare module 'espeak-ng' {
  interface ESpeakNgModule {
    FS: { readFile(path: string): Uint8Array }
  }
  interface ESpeakNgOptions {
    arguments: string[]
    print?: (text: string) => void
    printErr?: (text: string) => void
    instantiateWasm?: (imports: object, done: (instance: object, module: object) => void) => object
  }
  const ESpeakNg: (options: ESpeakNgOptions) => Promise<ESpeakNgModule>
  export default ESpeakNg
}
