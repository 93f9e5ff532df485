// A Vite plugin that writes NAME.gz and NAME.br beside every text file of the build (scripts,
// styles, index.html, SVG, JSON) once the build is written, so that the server can send a browser
// the compressed bytes without compressing anything per request. A file whose compressed form would
// not be smaller gets none, and the server then sends the plain file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const compressible = /\.(js|mjs|css|html|svg|json|map|txt|wasm)$/

function filesUnder(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(path))
    else if (entry.isFile() && compressible.test(entry.name)) out.push(path)
  }
  return out
}

function writeIfSmaller(path, plain, packed) {
  if (packed.length < plain.length) writeFileSync(path, packed)
}

export default function precompress() {
  let outDir = 'dist'
  return {
    name: 'greenlane-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      for (const path of filesUnder(outDir)) {
        const plain = readFileSync(path)
        writeIfSmaller(path + '.gz', plain, gzipSync(plain, { level: 9 }))
        const brotli = {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        }
        writeIfSmaller(path + '.br', plain, brotliCompressSync(plain, { params: brotli }))
      }
    },
  }
}
