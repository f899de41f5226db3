/**
 * The data directory is private to the person: created 700 with files 600 whatever the umask,
 * tightened on start for installs from before, and never placed by a relative or empty
 * XDG_CONFIG_HOME. Client-config backups get the same protection.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientBackups } from '../../shared/gateway/clients/setup/client-backups.js';
import { resolveDataDir } from '../../shared/gateway/config/data-dir.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { systemClock } from '../../shared/gateway/clock.js';
import { gatehouseCli, waitFor } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string) => {
    found[path.slice(dir.length) || '/'] = (statSync(path).mode & 0o777).toString(8);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

function expectPrivate(dir: string): void {
  for (const [path, mode] of Object.entries(modes(dir))) {
    const wanted = statSync(join(dir, path)).isDirectory() ? '700' : '600';
    expect({ path, mode }).toEqual({ path, mode: wanted });
  }
}

/** Runs the gateway in-process under a umask (tests run in forked processes, where umask can change). */
async function startUnder(umask: number, dataDir: string, logged: string[] = []): Promise<Gateway> {
  const previous = process.umask(umask);
  try {
    const gateway = await Gateway.start({
      dataDir,
      port: 0,
      uiDirectory: false,
      secretStore: new MemorySecretStore(),
      logger: { info: () => {}, warn: (line) => logged.push(line), error: (line) => logged.push(line) },
    });
    cleanups.push(() => gateway.stop());
    return gateway;
  } finally {
    process.umask(previous);
  }
}

describe('a first start in a fresh home', () => {
  for (const umask of [0o022, 0o002]) {
    it(`makes ~/.config and the data folder 700 and every file 600 (umask ${umask.toString(8).padStart(3, '0')})`, async () => {
      const home = tempHome();
      const dataDir = resolveDataDir(undefined, {}, 'linux', home);
      expect(dataDir).toBe(join(home, '.config', 'Gatehouse'));
      const gateway = await startUnder(umask, dataDir);
      gateway.audit.append({
        time: new Date().toISOString(),
        client: 'tester',
        sessionId: 's',
        method: 'tools/call',
        outcome: 'ok',
        durationMs: 1,
      });
      gateway.auditLog!.flush();
      expect(modes(join(home, '.config'))['/']).toBe('700');
      const files = Object.keys(modes(dataDir));
      expect(files).toEqual(
        expect.arrayContaining(['/config.json', '/audit.db', '/audit.db-wal', '/audit.db-shm']),
      );
      expectPrivate(dataDir);
    });
  }

  it('does the same through `gatehouse serve` with only HOME set (umask 022)', async () => {
    const home = tempHome();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      GATEHOUSE_KEYCHAIN_SERVICE: 'gatehouse-test-private-files',
    };
    delete env.XDG_CONFIG_HOME;
    delete env.GATEHOUSE_DATA_DIR;
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        'umask 022; exec "$@"',
        'sh',
        process.execPath,
        ...gatehouseCli,
        'serve',
        '--port',
        '0',
        '--json',
      ],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise((done) => child.once('exit', done));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    await new Promise<void>((ready, fail) => {
      createInterface({ input: child.stdout! }).once('line', () => ready());
      child.once('exit', (code) => fail(new Error(`gatehouse serve exited with ${code}`)));
    });
    const dataDir = join(home, '.config', 'Gatehouse');
    // serve prints its address just before it writes gateway.json.
    await waitFor(() => existsSync(join(dataDir, 'gateway.json')), 10_000, 'gateway.json');
    expect(modes(join(home, '.config'))['/']).toBe('700');
    expect(Object.keys(modes(dataDir))).toEqual(
      expect.arrayContaining([
        '/config.json',
        '/gateway.json',
        '/audit.db',
        '/audit.db-wal',
        '/audit.db-shm',
      ]),
    );
    expectPrivate(dataDir);
  });
});

describe('an existing install from before', () => {
  it('tightens a 755 folder and 644 files on start, and says so in a sentence', async () => {
    const dataDir = join(tempHome(), 'Gatehouse');
    const previous = process.umask(0o022);
    try {
      // What an earlier version left: the folder 755, the audit trail 644, a backup 644.
      mkdirSync(join(dataDir, 'client-backups', 'cursor'), { recursive: true, mode: 0o755 });
      for (const file of ['audit.db', 'audit.db-wal', 'audit.db-shm', 'client-backups/cursor/old.bak']) {
        writeFileSync(join(dataDir, file), '', { mode: 0o644 });
      }
      writeFileSync(join(dataDir, 'config.json'), '{}', { mode: 0o644 });
      chmodSync(dataDir, 0o755);
    } finally {
      process.umask(previous);
    }
    const logged: string[] = [];
    await startUnder(0o022, dataDir, logged);
    expectPrivate(dataDir);
    expect(logged.join('\n')).toMatch(
      /made its data folder .* private: \d+ items other accounts .* could read/,
    );
  });
});

describe('where the data folder is', () => {
  it('treats an empty XDG_CONFIG_HOME or APPDATA as unset', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '' }, 'linux', '/home/p')).toBe(
      '/home/p/.config/Gatehouse',
    );
    expect(resolveDataDir(undefined, { APPDATA: '' }, 'win32', 'C:/Users/p')).toMatch(
      /^C:\/Users\/p.AppData.Roaming.Gatehouse$/,
    );
    expect(resolveDataDir(undefined, { GATEHOUSE_DATA_DIR: '' }, 'linux', '/home/p')).toBe(
      '/home/p/.config/Gatehouse',
    );
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG rules say, instead of writing into the working folder', async () => {
    const home = tempHome();
    const work = tempHome();
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: 'relative-config' };
    delete env.GATEHOUSE_DATA_DIR;
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: 'relative-config' }, 'linux', home)).toBe(
      join(home, '.config', 'Gatehouse'),
    );
    // The real CLI, started from another folder: nothing lands there.
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, [...gatehouseCli, 'client', 'add', 'someone'], {
        cwd: work,
        env,
        stdio: 'ignore',
      });
      child.once('exit', done);
    });
    expect(code).toBe(0);
    expect(existsSync(join(work, 'relative-config'))).toBe(false);
    expectPrivate(join(home, '.config', 'Gatehouse'));
  });
});

describe('client-config backups', () => {
  it('are 600 in 700 folders, whatever the umask', () => {
    const dataDir = join(tempHome(), 'Gatehouse');
    const previous = process.umask(0o002);
    try {
      const backups = new ClientBackups(dataDir, systemClock);
      backups.saveBackup('cursor', Buffer.from('{"token":"secret"}'));
      backups.append('cursor', {
        action: 'connect',
        path: '/x/mcp.json',
        backup: 'a.bak',
        written: 'h',
        previous: {},
      });
    } finally {
      process.umask(previous);
    }
    expectPrivate(dataDir);
  });
});
