// better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded, and node-gyp
// then downloads Node's headers from nodejs.org unless it finds them in its cache. Node installs
// ship the same headers beside the binary (<prefix>/include/node), so we seed node-gyp's cache
// with a link to them before any install script runs: `pnpm install` then works with only the npm
// registry reachable, with nothing exported. A cache entry that exists is left alone.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const INSTALL_VERSION = 11 // node-gyp's own "installVersion" (package.json), 9 through 12

function seedNodeGypCache() {
  if (process.env.npm_config_nodedir) return
  const headers = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node')
  if (!fs.existsSync(path.join(headers, 'node.h'))) return
  const cacheRoot =
    process.env.npm_config_devdir ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'node-gyp')
  const dir = path.join(cacheRoot, process.versions.node)
  if (fs.existsSync(path.join(dir, 'installVersion'))) return
  try {
    fs.mkdirSync(path.join(dir, 'include'), { recursive: true })
    fs.symlinkSync(headers, path.join(dir, 'include', 'node'))
    fs.writeFileSync(path.join(dir, 'installVersion'), `${INSTALL_VERSION}\n`)
  } catch {
    // Not writable or raced by another install: node-gyp falls back to its own download.
  }
}

seedNodeGypCache()

module.exports = { hooks: {} }
