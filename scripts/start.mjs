#!/usr/bin/env node
// Development launcher: runs instance A and instance B of the Orders service side by side, each in
// its own child process with its own database, wired to sync with each other.
//
//   node scripts/start.mjs        both (npm start)
//   node scripts/start.mjs a      only A (npm run start:a); B can be started, stopped and
//   node scripts/start.mjs b      restarted on its own from another terminal (npm run start:b)
//
// Settings (see README.md, "Running"): A_PORT/B_PORT (4001/4002), A_NAME/B_NAME (A/B),
// A_DATA_DIR/B_DATA_DIR (./data/a, ./data/b), A_DATABASE_URL/B_DATABASE_URL (PostgreSQL instead of
// PGlite); in general A_<VARIABLE> / B_<VARIABLE> sets a server variable for one instance only.
// HOST and the other unprefixed server variables (LOG_LEVEL, ADMIN_PASSWORD, API_TOKENS, ...) apply
// to both, except the ones that must differ (PORT, DATA_DIR, DATABASE_URL, PEER_*...), which are
// ignored with a warning.
//
// Development secrets (admin password, API tokens, sync tokens) are made on the first run and kept
// in ./data/dev-secrets.json (mode 0600), so A and B agree on them across restarts. Delete the
// file to get new ones.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRETS_FILE = join(ROOT, 'data', 'dev-secrets.json');
/**
 * Where each launched instance notes its port (and the port it expects its peer on, and its pid).
 * `npm run start:b` reads A's port from here, so A_PORT=4101 npm run start:a needs no A_PORT for B.
 */
const PORTS_FILE = join(ROOT, 'data', 'ports.json');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24,}$/;

/** Variables of the server that belong to one instance: one value cannot serve both. */
const PER_INSTANCE = ['INSTANCE_NAME', 'PORT', 'DATA_DIR', 'DATABASE_URL', 'ORDER_CODE_PREFIX', 'PEER_URL', 'PEER_TOKEN', 'PEER_ACCEPT_TOKEN', 'PEER_NAME'];

const env = process.env;
const set = (name) => env[name] !== undefined && env[name] !== '';

// ---- output -------------------------------------------------------------------------------------

const useColor = set('FORCE_COLOR') ? env.FORCE_COLOR !== '0' : Boolean(process.stdout.isTTY) && !set('NO_COLOR');
const paint = (code) => (text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const yellow = paint('33');

/** Set once our output is piped into something that went away (`| head`): nothing is written after. */
let outputClosed = false;
function write(stream, text) {
  if (!outputClosed) stream.write(text);
}
function say(message) {
  write(process.stdout, `${bold('[start]')} ${message}\n`);
}
function warn(message) {
  write(process.stderr, `${yellow('[start]')} ${message}\n`);
}
function fail(message) {
  write(process.stderr, `${red('[start]')} ${message}\n`);
  process.exit(1);
}

// ---- which instances, with what ------------------------------------------------------------------

const SLOTS = {
  a: { key: 'a', prefix: 'A_', defaultName: 'A', defaultPort: 4001, color: paint('36') },
  b: { key: 'b', prefix: 'B_', defaultName: 'B', defaultPort: 4002, color: paint('35') },
};

function parseArgs(argv) {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write('Usage: node scripts/start.mjs [a|b]\n  no argument: start A and B;  a or b: start only that instance\n');
    process.exit(0);
  }
  if (argv.length === 0) return ['a', 'b'];
  const picked = argv.map((a) => a.toLowerCase());
  for (const p of picked) if (!(p in SLOTS)) fail(`Unknown instance "${p}": use a, b, or nothing for both.`);
  return [...new Set(picked)];
}

/** The port a slot's variable sets, or null when it is not set. */
function explicitPort(slot) {
  const raw = env[`${slot.prefix}PORT`];
  if (!set(`${slot.prefix}PORT`)) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) fail(`${slot.prefix}PORT must be a port number (1-65535), not "${raw}".`);
  return Number(raw);
}

// ---- ports of the instances launched from this checkout ------------------------------------------

function readPorts() {
  try {
    const ports = JSON.parse(readFileSync(PORTS_FILE, 'utf8'));
    return ports && typeof ports === 'object' ? ports : {};
  } catch {
    return {};
  }
}

const validPort = (value) => Number.isInteger(value) && value >= 1 && value <= 65535;

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Notes the instances this launcher starts: their port, the port they expect their peer on, our pid. */
function writePorts(instances) {
  const ports = readPorts();
  for (const instance of instances) ports[instance.key] = { port: instance.port, peerPort: instance.peerPort, pid: process.pid };
  try {
    mkdirSync(dirname(PORTS_FILE), { recursive: true });
    writeFileSync(PORTS_FILE, `${JSON.stringify(ports, null, 2)}\n`);
  } catch (err) {
    warn(`Cannot write ${PORTS_FILE} (${err.message}): the other instance's launcher will assume the default port.`);
  }
}

/**
 * A slot's port: its own variable (A_PORT) when set; else, for the instance this launcher does not
 * start, the port its own launcher noted in data/ports.json; else the default (4001, 4002).
 */
function port(slot, launching) {
  const explicit = explicitPort(slot);
  if (explicit !== null) return explicit;
  if (!launching) {
    const noted = readPorts()[slot.key]?.port;
    if (validPort(noted)) return noted;
  }
  return slot.defaultPort;
}

/** A peer already running (from another launcher) that expects this instance on another port. */
function warnIfPeerExpectsOtherPort(instances) {
  const ports = readPorts();
  for (const instance of instances) {
    const peerKey = instance.key === 'a' ? 'b' : 'a';
    const peer = ports[peerKey];
    if (instances.some((i) => i.key === peerKey) || !peer || !isAlive(peer.pid) || peer.pid === process.pid) continue;
    if (validPort(peer.peerPort) && peer.peerPort !== instance.port) {
      warn(
        `${SLOTS[peerKey].defaultName} is running and syncs to port ${peer.peerPort}, but ${instance.name} starts on port ${instance.port}: ` +
          `restart ${SLOTS[peerKey].defaultName} (npm run start:${peerKey}) so that it syncs with ${instance.name}.`,
      );
    }
  }
}

function instanceName(slot) {
  const variable = [`${slot.prefix}NAME`, `${slot.prefix}INSTANCE_NAME`].find(set);
  const name = variable ? env[variable] : slot.defaultName;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(name)) fail(`${variable} must be 1-32 letters, digits, _ or -, not "${name}".`);
  return name;
}

/** Where to reach a server listening on HOST (a wildcard address means: here). */
function reachableHost() {
  const host = set('HOST') ? env.HOST : 'localhost';
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

// ---- development secrets -------------------------------------------------------------------------

const newToken = () => randomBytes(32).toString('base64url');

function loadSecrets() {
  mkdirSync(dirname(SECRETS_FILE), { recursive: true });
  const fresh = () => ({
    admin: { username: 'admin', password: randomBytes(18).toString('base64url') },
    instances: { a: { apiToken: newToken(), syncToken: newToken() }, b: { apiToken: newToken(), syncToken: newToken() } },
  });
  let secrets;
  try {
    // 'wx': when two launchers start at once (start:a and start:b), only one writes; the other reads.
    secrets = fresh();
    writeFileSync(SECRETS_FILE, `${JSON.stringify(secrets, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    say(`Made development secrets in ${relative(process.cwd(), SECRETS_FILE) || SECRETS_FILE} (kept across restarts; delete it for new ones)`);
    return secrets;
  } catch (err) {
    if (err.code !== 'EEXIST') fail(`Cannot write ${SECRETS_FILE}: ${err.message}`);
  }
  try {
    secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8'));
  } catch (err) {
    fail(`${SECRETS_FILE} is not readable JSON (${err.message}); delete it and start again to make new secrets.`);
  }
  const problems = [];
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(secrets?.admin?.username ?? '')) problems.push('admin.username');
  if (typeof secrets?.admin?.password !== 'string' || secrets.admin.password.length < 10) problems.push('admin.password');
  for (const key of ['a', 'b']) {
    for (const field of ['apiToken', 'syncToken']) {
      if (!TOKEN_PATTERN.test(secrets?.instances?.[key]?.[field] ?? '')) problems.push(`instances.${key}.${field}`);
    }
  }
  if (problems.length) {
    fail(`${SECRETS_FILE} has missing or invalid entries (${problems.join(', ')}); tokens must be 24+ characters of A-Z a-z 0-9 _ -. Fix or delete the file.`);
  }
  try {
    chmodSync(SECRETS_FILE, 0o600);
  } catch {
    // Not ours to change (another user's checkout); reading it worked, which is what matters.
  }
  return secrets;
}

// ---- child environment ---------------------------------------------------------------------------

function plan(keys, secrets) {
  const host = reachableHost();
  const all = Object.values(SLOTS).map((slot) => ({ slot, port: port(slot, keys.includes(slot.key)), name: instanceName(slot) }));
  if (all[0].port === all[1].port) fail(`A_PORT and B_PORT are both ${all[0].port}: give each instance its own port.`);
  if (all[0].name.toUpperCase() === all[1].name.toUpperCase()) fail(`A_NAME and B_NAME are both "${all[0].name}": give each instance its own name.`);

  const ignored = PER_INSTANCE.filter((v) => set(v));
  if (ignored.length) {
    const instead = ignored.map((v) => (v === 'INSTANCE_NAME' ? 'A_NAME/B_NAME' : `A_${v}/B_${v}`)).join(', ');
    warn(`Ignoring ${ignored.join(', ')} from the environment: each instance needs its own value. Use ${instead}.`);
  }

  return keys.map((key) => {
    const { slot, port: ownPort, name } = all.find((i) => i.slot.key === key);
    const peer = all.find((i) => i.slot.key !== key);
    const own = secrets.instances[key];
    const peerSecrets = secrets.instances[peer.slot.key];
    const dataDir = resolve(ROOT, set(`${slot.prefix}DATA_DIR`) ? env[`${slot.prefix}DATA_DIR`] : join('data', key));

    const childEnv = { ...env };
    for (const v of PER_INSTANCE) delete childEnv[v];
    // Launcher defaults; the user's own unprefixed shared variables (ADMIN_PASSWORD, API_TOKENS, ...) win over them.
    const defaults = {
      INSTANCE_NAME: name,
      PORT: String(ownPort),
      DATA_DIR: dataDir,
      ADMIN_USERNAME: secrets.admin.username,
      ADMIN_PASSWORD: secrets.admin.password,
      API_TOKENS: `dev:${own.apiToken}`,
      PEER_URL: `http://localhost:${peer.port}/api/orders`,
      PEER_TOKEN: peerSecrets.syncToken,
      PEER_ACCEPT_TOKEN: own.syncToken,
      PEER_NAME: peer.name,
    };
    const source = {};
    for (const [k, v] of Object.entries(defaults)) {
      if (!PER_INSTANCE.includes(k) && set(k)) {
        source[k] = 'your environment';
        continue;
      }
      childEnv[k] = v;
    }
    // Then A_<VARIABLE> / B_<VARIABLE>: VARIABLE for this instance only (A_NAME is its INSTANCE_NAME, set above).
    for (const [prefixed, value] of Object.entries(env)) {
      if (!prefixed.startsWith(slot.prefix) || value === '' || prefixed === `${slot.prefix}NAME`) continue;
      const v = prefixed.slice(slot.prefix.length);
      if (!/^[A-Z][A-Z0-9_]*$/.test(v)) continue;
      childEnv[v] = { DATA_DIR: dataDir, PORT: String(ownPort), INSTANCE_NAME: name }[v] ?? value;
      source[v] = prefixed;
    }
    return { key, name, port: ownPort, peerPort: peer.port, url: `http://${host}:${ownPort}`, color: slot.color, env: childEnv, source, dataDir };
  });
}

// ---- children ------------------------------------------------------------------------------------

const children = new Map();
let stopping = false;
let exitCode = 0;

/** @param {(line: string) => void} [onLine] */
function pipeLines(stream, out, label, onLine = () => {}) {
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    write(out, `${label} ${line}\n`);
    onLine(line);
  });
}

/** What the server prints once it listens (main.ts's line, or Fastify's own log line). */
const LISTENING = /\blistening (?:on|at) https?:\/\//;

function startChild(instance) {
  const label = instance.color(`[${instance.name}]`);
  // The heap limits of the Docker image (see the Dockerfile's CMD): on PGlite a smaller young generation.
  const heap = ['--max-old-space-size=320', ...(instance.env.DATABASE_URL ? [] : ['--max-semi-space-size=8'])];
  const child = spawn(process.execPath, [...heap, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: instance.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { instance, child, label, exited: false, ready: false, listening: false };
  children.set(instance.key, entry);
  pipeLines(child.stdout, process.stdout, label, (line) => {
    if (LISTENING.test(line)) entry.listening = true;
  });
  pipeLines(child.stderr, process.stderr, label);
  child.on('error', (err) => {
    warn(`${label} could not be started: ${err.message}`);
  });
  child.on('close', (code, signal) => {
    entry.exited = true;
    const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
    const clean = stopping && (code === 0 || signal === 'SIGTERM' || signal === 'SIGINT');
    if (clean) say(`${label} stopped`);
    else {
      warn(`${label} ${how}${entry.ready ? '' : ' before it was ready'}`);
      if (code !== 0) exitCode ||= code ?? 1;
    }
    const left = [...children.values()].filter((c) => !c.exited);
    if (left.length === 0) {
      clearTimeout(killTimer);
      if (!stopping) warn(`No instance is running any more; exiting${exitCode ? ` with code ${exitCode}` : ''}.`);
      process.exit(exitCode);
    }
    if (!stopping) say(`${left.map((c) => c.label).join(', ')} keep${left.length === 1 ? 's' : ''} running; Ctrl-C stops ${left.length === 1 ? 'it' : 'them'}`);
  });
  return entry;
}

/**
 * Resolves true once the child says it listens and answers /healthz, false when it exits or times
 * out. The health check alone is not enough: an instance left running on the same port would answer it.
 */
async function waitReady(entry) {
  const { instance } = entry;
  const probe = `http://${reachableHost()}:${instance.port}/healthz`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let answer = 'no answer';
  while (!entry.exited && !stopping && Date.now() < deadline) {
    if (entry.listening) {
      try {
        const res = await fetch(probe, { signal: AbortSignal.timeout(2000) });
        const body = await res.json().catch(() => null);
        if (res.ok && body?.instance === instance.name && !entry.exited) return true;
        answer = `HTTP ${res.status}${body?.instance ? ` from instance ${body.instance}` : ''}`;
      } catch (err) {
        answer = err?.cause?.code ?? err?.message ?? String(err);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!entry.exited && !stopping) {
    warn(`${entry.label} is not ready after ${READY_TIMEOUT_MS / 1000} s (${probe}: ${entry.listening ? answer : 'not listening yet'}); leaving it running`);
  }
  return false;
}

let killTimer;
function stopAll(signal) {
  const alive = [...children.values()].filter((c) => !c.exited);
  if (stopping) {
    warn(`${signal} again: killing ${alive.map((c) => c.label).join(', ')}`);
    for (const c of alive) c.child.kill('SIGKILL');
    return;
  }
  stopping = true;
  say(`${signal}: stopping ${alive.map((c) => c.label).join(', ') || 'nothing left to stop'}`);
  // On Ctrl-C in a terminal the children got SIGINT themselves; SIGTERM on top is harmless (they stop once).
  for (const c of alive) c.child.kill('SIGTERM');
  setTimeout(() => {
    const left = [...children.values()].filter((c) => !c.exited);
    if (left.length) say(`Waiting for ${left.map((c) => c.label).join(', ')} to finish (at most ${STOP_TIMEOUT_MS / 1000} s; Ctrl-C again kills)`);
  }, 5000).unref();
  killTimer = setTimeout(() => {
    for (const c of children.values()) {
      if (!c.exited) {
        warn(`${c.label} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
        c.child.kill('SIGKILL');
      }
    }
  }, STOP_TIMEOUT_MS);
  killTimer.unref();
}

function banner(instances, secrets) {
  const lines = ['', bold('Orders service, development instances'), ''];
  for (const { instance, ready } of instances) {
    const { name, url, source } = instance;
    lines.push(`  ${instance.color(bold(name))}  ${url}${ready ? '' : red('  (not answering)')}`);
    lines.push(`     GraphQL      ${url}/graphql`);
    lines.push(`     REST API     ${url}/api/orders`);
    lines.push(`     Health       ${url}/healthz`);
    lines.push(`     Admin UI     ${url}/admin`);
    lines.push(`     Playground   ${url}/graphiql`);
    lines.push(
      `     Database     ${source.DATABASE_URL ? `PostgreSQL (${source.DATABASE_URL})` : `PGlite in ${relative(ROOT, instance.dataDir) || instance.dataDir}`}`,
    );
    const token = source.API_TOKENS ? dim(`(from ${source.API_TOKENS})`) : secrets.instances[instance.key].apiToken;
    lines.push(`     API token    ${token}`);
    lines.push(`     Syncs with   ${instance.env.PEER_URL}`);
    lines.push('');
  }
  const first = instances[0].instance;
  const user = first.source.ADMIN_USERNAME ? first.env.ADMIN_USERNAME : secrets.admin.username;
  const password = first.source.ADMIN_PASSWORD ? dim(`(from ${first.source.ADMIN_PASSWORD})`) : secrets.admin.password;
  lines.push(`  Admin login  ${user} / ${password}`);
  lines.push(`  REST calls   curl -H "Authorization: Bearer <API token>" ${first.url}/api/orders`);
  lines.push(dim(`  Secrets are kept in ${relative(ROOT, SECRETS_FILE)}; Ctrl-C stops ${instances.length === 1 ? 'the instance' : 'both'}.`));
  lines.push('');
  write(process.stdout, `${lines.join('\n')}\n`);
}

/** Newest modification time under a path (a file or a folder), 0 if it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/**
 * The instances serve the admin app from admin/dist: build it first when it is missing or older
 * than its sources. A failed build is reported and the instances start anyway (/admin then says so).
 */
function ensureAdminBuilt() {
  const admin = join(ROOT, 'admin');
  const pkg = JSON.parse(readFileSync(join(admin, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) return;
  const built = newest(join(admin, 'dist', 'index.html'));
  const sources = Math.max(
    ...['src', 'index.html', 'graphiql.html', 'vite.config.ts', 'package.json'].map((f) => newest(join(admin, f))),
  );
  if (built && built >= sources) return;
  say(built ? 'The admin app changed: building it' : 'Building the admin app (first start)');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '-w', 'admin'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) warn('The admin build failed (see above); the instances start anyway, without /admin.');
}

async function main() {
  const keys = parseArgs(process.argv.slice(2));
  ensureAdminBuilt();
  const secrets = loadSecrets();
  const instances = plan(keys, secrets);
  if (instances.length === 2 && !instances[0].source.DATABASE_URL && !instances[1].source.DATABASE_URL && instances[0].dataDir === instances[1].dataDir) {
    fail(`A and B would share the data directory ${instances[0].dataDir}: give each its own (A_DATA_DIR / B_DATA_DIR).`);
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(signal));
  // Output piped into something that went away (`| head`): nobody is watching, stop rather than crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
      outputClosed = true;
      if (!stopping) stopAll('Output closed');
    });
  }
  // Under `npm start`, `kill <pid of npm>` ends npm and its shell but does not reach this process,
  // which would keep A and B (their ports, their data directories) running: stop when orphaned.
  if (env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent && !stopping) stopAll(`npm (parent process ${parent}) is gone`);
    }, 1000).unref();
  }

  warnIfPeerExpectsOtherPort(instances);
  writePorts(instances);
  say(`Starting ${instances.map((i) => `${i.color(i.name)} on port ${i.port}`).join(' and ')}`);
  const entries = instances.map(startChild);
  const ready = await Promise.all(entries.map(async (entry) => ({ entry, ready: (entry.ready = await waitReady(entry)) })));
  if (stopping) return;
  const up = ready.filter((r) => r.ready || !r.entry.exited);
  if (up.length === 0) return; // every child has exited and been reported; the last 'close' exits
  banner(up.map((r) => ({ instance: r.entry.instance, ready: r.ready })), secrets);
}

main().catch((err) => fail(err?.stack ?? String(err)));
