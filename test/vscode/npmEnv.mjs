// The environment of an npm that we start ourselves (install.mjs, ensure-deps.mjs).
//
// When `npm start` or `npm test` runs our script, npm has put its lifecycle variables in
// the environment: `npm_config_*` (every setting, including `npm_config_user_agent`,
// which names the Node that ran the *outer* npm), `npm_lifecycle_*`, `npm_package_*`,
// `npm_node_execpath`, `npm_execpath`, `npm_command`, `INIT_CWD`, `NODE`, `COLOR`. A
// nested npm reads every `npm_config_*` as a setting of its own, so without this it would
// tell the packages it installs that they run on the outer Node: code-server's
// postinstall.sh reads the Node version from `npm_config_user_agent` and refuses v20.
// The nested npm rebuilds these variables itself from its own Node and settings.
//
// What stays: how to reach the registry (registry, proxies, certificates, credentials,
// cache) and where the npm config files are, whether they came from the user's shell or
// from the outer npm's config files. The global npmrc is named explicitly: an npm run by
// Node 24 from .vscode-test/ would otherwise look for it beside that Node.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** Settings (npm's names, `-` as `_`, lower case) a nested npm keeps from the environment. */
const KEPT_SETTINGS = new Set([
  'registry', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy',
  'cafile', 'ca', 'cert', 'key', 'strict_ssl', 'cache', 'userconfig', 'globalconfig',
  'offline', 'prefer_offline', 'prefer_online', 'maxsockets',
  'fetch_retries', 'fetch_retry_factor', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout', 'fetch_timeout',
]);

/** npm's own variables for a script it runs, other than `npm_*`. */
const LIFECYCLE_NAMES = new Set(['INIT_CWD', 'NODE', 'COLOR']);

function keptSetting(name) {
  const setting = name.slice('npm_config_'.length).toLowerCase().replaceAll('-', '_');
  // `@scope:registry` and per-registry credentials (`//host/:_authToken`).
  return KEPT_SETTINGS.has(setting) || setting.endsWith(':registry') || setting.startsWith('//');
}

/**
 * `env` without npm's lifecycle variables (see the file's comment), with `pathFirst`
 * (a directory) put first on PATH and `settings` (npm setting name → value, e.g.
 * `{ nodedir }`) set explicitly as `npm_config_*`.
 */
export function nestedNpmEnv(env = process.env, { pathFirst, settings = {} } = {}) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (LIFECYCLE_NAMES.has(name)) continue;
    if (/^npm_/i.test(name) && !(/^npm_config_/i.test(name) && keptSetting(name))) continue;
    clean[name] = value;
  }
  const hasSetting = (setting) => Object.keys(clean).some((name) => name.toLowerCase() === `npm_config_${setting}`);
  if (!hasSetting('globalconfig')) {
    // npm's global prefix is the parent of the bin directory of the Node that runs it.
    const globalconfig = join(dirname(dirname(process.execPath)), 'etc', 'npmrc');
    if (existsSync(globalconfig)) clean.npm_config_globalconfig = globalconfig;
  }
  for (const [setting, value] of Object.entries(settings)) {
    for (const name of Object.keys(clean)) if (name.toLowerCase() === `npm_config_${setting.toLowerCase()}`) delete clean[name];
    clean[`npm_config_${setting}`] = value;
  }
  if (pathFirst) {
    const pathName = Object.keys(clean).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
    clean[pathName] = clean[pathName] ? `${pathFirst}${delimiter}${clean[pathName]}` : pathFirst;
  }
  return clean;
}
