import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  mergePaths,
  resolveLoginShellPath,
  usualDirectories,
} from '../../../../shared/gateway/upstream/login-shell-path.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake login shell: a script that gets `-i -l -c COMMAND` like the real one. */
function fakeShell(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const guiPath = '/usr/bin:/bin:/usr/sbin:/sbin';
const home = '/home/someone';

/** Resolves as a GUI-started app would, with `shell` as the login shell. */
function resolveWith(shell: string, platform: NodeJS.Platform, timeoutMs?: number) {
  return resolveLoginShellPath({
    platform,
    env: { SHELL: shell, PATH: guiPath },
    home,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

describe.skipIf(process.platform === 'win32')('login shell PATH (fake shells are POSIX scripts)', () => {
  it("takes the PATH the login shell's startup files set, ignoring what they print around it", async () => {
    const shell = fakeShell(
      'noisy',
      [
        'echo "Welcome to your shell! PATH is not this line"',
        'printf "%s" "__GATEHOUSE_PATH_START__ half a marker"',
        `PATH=/opt/homebrew/bin:/Users/me/.nvm/versions/node/v22/bin:/usr/bin:/bin sh -c "$4"`,
        'echo "goodbye from .zlogout"',
      ].join('\n'),
    );
    const result = await resolveWith(shell, 'darwin');
    expect(result).toEqual({
      source: 'login-shell',
      path: [
        '/opt/homebrew/bin',
        '/Users/me/.nvm/versions/node/v22/bin',
        '/usr/bin',
        '/bin',
        '/usr/sbin',
        '/sbin',
      ].join(delimiter),
    });
  });

  it('passes -i -l -c so .zprofile/.zshrc-style files are read', async () => {
    const argsFile = join(dir, 'args.txt');
    const shell = fakeShell('recorder', `printf '%s\\n' "$@" > ${argsFile}\nsh -c "$4"`);
    await resolveWith(shell, 'linux');
    expect(readFileSync(argsFile, 'utf8').split('\n').slice(0, 3)).toEqual(['-i', '-l', '-c']);
  });

  it('gives up on a shell that hangs within the time limit, kills it, and falls back', async () => {
    const pidFile = join(dir, 'hang.pid');
    const shell = fakeShell('hangs', `sleep 30 &\necho $! > ${pidFile}\nwait`);
    const started = Date.now();
    const result = await resolveWith(shell, 'darwin', 300);
    // Bounded: the limit plus process start-up, far below the 30 s the shell would take.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.source).toBe('fallback');
    expect(result).toMatchObject({ problem: expect.stringContaining('no answer within 300 ms') });
    expect(result.path.split(delimiter)).toEqual([
      ...guiPath.split(delimiter),
      ...usualDirectories('darwin', home),
    ]);
    // The whole process group went, including what the shell started.
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(() => process.kill(sleeper, 0)).toThrow(), { timeout: 5000 });
  });

  it('falls back with the exit code when the shell fails', async () => {
    const shell = fakeShell('fails', 'echo "zsh: command not found: compinit" >&2\nexit 3');
    const result = await resolveWith(shell, 'linux');
    expect(result).toMatchObject({ source: 'fallback', problem: expect.stringContaining('exit code 3') });
    expect(result.path).toContain(join(home, '.local', 'bin'));
  });

  it('falls back when the shell cannot be started at all', async () => {
    const result = await resolveLoginShellPath({
      platform: 'darwin',
      env: { SHELL: join(dir, 'no-such-shell'), PATH: guiPath },
      home,
    });
    expect(result).toMatchObject({ source: 'fallback', problem: expect.stringContaining('ENOENT') });
    expect(result.path).toContain('/opt/homebrew/bin');
  });

  it('falls back when the shell succeeds but prints no PATH between the markers', async () => {
    const shell = fakeShell('silent', 'echo "I ignore -c"');
    const result = await resolveWith(shell, 'linux');
    expect(result).toMatchObject({
      source: 'fallback',
      problem: expect.stringContaining('did not print a PATH'),
    });
  });
});

describe('PATH merging', () => {
  it('keeps the first occurrence of each entry, drops empty ones, and leaves Windows alone', async () => {
    expect(mergePaths(['/a', '/b', ''].join(delimiter), ['/b', '/c'].join(delimiter))).toBe(
      ['/a', '/b', '/c'].join(delimiter),
    );
    const run = vi.fn();
    expect(await resolveLoginShellPath({ platform: 'win32', env: { PATH: 'C:\\bin' }, run })).toEqual({
      source: 'login-shell',
      path: 'C:\\bin',
    });
    expect(run).not.toHaveBeenCalled();
  });
});
