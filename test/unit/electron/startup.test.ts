/**
 * How the desktop app starts, and how it ends when it cannot: `npm start`'s choice, Ubuntu's
 * AppArmor restriction, a failed start, and `Gatehouse connect` ending on every path.
 */
import { describe, expect, it } from 'vitest';
import {
  appArmorProfile,
  linuxSandboxProblem,
  USERNS_RESTRICTION,
  type SandboxProbe,
} from '../../../electron/linux-sandbox.js';
import { connectProfileDir, runConnectMode } from '../../../electron/main/connect-mode.js';
import {
  failStartup,
  failureReporter,
  SETUP_DESKTOP_COMMAND,
  startProblem,
} from '../../../electron/main/startup-failure.js';
import { chooseStartMode, MISSING_ELECTRON } from '../../../electron/start-mode.js';
import { runConnect } from '../../../shared/gateway/cli/connect-command.js';

const electronPath = '/home/me/gatehouse/node_modules/electron/dist/electron';

function sandboxProbe(overrides: Partial<SandboxProbe> & { restricted?: string } = {}): SandboxProbe {
  return {
    platform: 'linux',
    readText: (path) => (path === USERNS_RESTRICTION ? (overrides.restricted ?? '1\n') : undefined),
    stat: () => ({ uid: 1000, mode: 0o100755 }),
    profiles: () => ['profile firefox /usr/lib/firefox/firefox flags=(unconfined) { userns, }'],
    ...overrides,
  };
}

describe('Ubuntu 23.10+ AppArmor user-namespace restriction', () => {
  it('is a problem for an Electron binary with neither a profile nor a setuid-root sandbox helper', () => {
    const problem = linuxSandboxProblem(electronPath, sandboxProbe());
    expect(problem).toContain('AppArmor');
    expect(problem).toContain(SETUP_DESKTOP_COMMAND);
  });

  it('is no problem without the restriction, on other systems, with a profile, or with a setuid-root helper', () => {
    expect(linuxSandboxProblem(electronPath, sandboxProbe({ restricted: '0\n' }))).toBeUndefined();
    expect(linuxSandboxProblem(electronPath, sandboxProbe({ readText: () => undefined }))).toBeUndefined();
    expect(linuxSandboxProblem(electronPath, sandboxProbe({ platform: 'darwin' }))).toBeUndefined();
    expect(
      linuxSandboxProblem(electronPath, sandboxProbe({ profiles: () => [appArmorProfile(electronPath)] })),
    ).toBeUndefined();
    expect(
      linuxSandboxProblem(electronPath, sandboxProbe({ stat: () => ({ uid: 0, mode: 0o104755 }) })),
    ).toBeUndefined();
    // Owned by root but without the setuid bit is what makes Chromium abort.
    expect(
      linuxSandboxProblem(electronPath, sandboxProbe({ stat: () => ({ uid: 0, mode: 0o100755 }) })),
    ).toBeDefined();
  });

  it("writes a profile like the deb's: the binary, unconfined, allowed user namespaces", () => {
    const profile = appArmorProfile(electronPath);
    expect(profile).toContain('abi <abi/4.0>,');
    expect(profile).toContain(`profile gatehouse-dev-electron "${electronPath}" flags=(unconfined) {`);
    expect(profile).toContain('  userns,');
  });

  it('makes npm start fall back to the headless gateway with that sentence', () => {
    const mode = chooseStartMode({
      platform: 'linux',
      env: { DISPLAY: ':0' },
      electronBinary: () => ({ path: electronPath }),
      sandboxProblem: (path) => linuxSandboxProblem(path, sandboxProbe()),
    });
    expect(mode).toMatchObject({ kind: 'headless', reason: expect.stringContaining('AppArmor') });
  });
});

describe('npm start without the Electron binary or with native modules built for Node', () => {
  it('names the one command to run', () => {
    expect(MISSING_ELECTRON).toContain('npm run setup:desktop');
    const mode = chooseStartMode({
      platform: 'darwin',
      env: {},
      electronBinary: () => ({ problem: MISSING_ELECTRON }),
    });
    expect(mode).toEqual({ kind: 'headless', reason: MISSING_ELECTRON });
    expect(
      startProblem(
        new Error(
          "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.",
        ),
      ),
    ).toContain('npm run setup:desktop');
    expect(startProblem(new Error('Port 4283 is in use.'))).toBe('Port 4283 is in use.');
  });
});

describe('a failed start', () => {
  it('shows one sentence and exits with code 1', () => {
    const shown: string[] = [];
    const exits: number[] = [];
    failStartup(new Error('Port 4283 is in use.'), {
      report: (title, message) => shown.push(`${title}: ${message}`),
      exit: (code) => exits.push(code),
    });
    expect(shown).toEqual(['Gatehouse could not start: Port 4283 is in use.']);
    expect(exits).toEqual([1]);
  });

  it('still exits when showing the message fails', () => {
    const exits: number[] = [];
    expect(() =>
      failStartup(new Error('x'), {
        report: () => {
          throw new Error('no display');
        },
        exit: (code) => exits.push(code),
      }),
    ).toThrow('no display');
    expect(exits).toEqual([1]);
  });

  it('uses a dialog for a person, and standard error under a test driver or CI, where a modal would hang', () => {
    const dialogs: string[] = [];
    const stderr: string[] = [];
    const dialog = (title: string, message: string) => dialogs.push(`${title}|${message}`);
    failureReporter({}, dialog, (text) => stderr.push(text))('T', 'M');
    failureReporter({ GATEHOUSE_TEST_HOOKS: '1' }, dialog, (text) => stderr.push(text))('T', 'M');
    failureReporter({ CI: 'true' }, dialog, (text) => stderr.push(text))('T', 'M');
    expect(dialogs).toEqual(['T|M']);
    expect(stderr).toEqual(['T: M\n', 'T: M\n']);
  });
});

describe('Gatehouse connect (the app as a stdio bridge)', () => {
  it('exits with code 1 and a sentence when the bridge throws', async () => {
    const exits: number[] = [];
    const stderr: string[] = [];
    await runConnectMode(
      async () => {
        throw new Error('stdin is closed');
      },
      (code) => exits.push(code),
      (text) => stderr.push(text),
    );
    expect(exits).toEqual([1]);
    expect(stderr).toEqual(['gatehouse connect: stdin is closed\n']);
  });

  it('exits with code 1 when no token is set, instead of leaving the process running', async () => {
    const exits: number[] = [];
    const saved = process.env.GATEHOUSE_TOKEN;
    delete process.env.GATEHOUSE_TOKEN;
    try {
      await runConnectMode(
        (exit) => runConnect({}, '/nonexistent', exit),
        (code) => exits.push(code),
        () => {},
      );
    } finally {
      if (saved !== undefined) process.env.GATEHOUSE_TOKEN = saved;
    }
    expect(exits).toEqual([1]);
  });

  it("keeps Chromium's profile apart from the running app's", () => {
    expect(connectProfileDir('/home/me/.config/Gatehouse')).toBe(
      '/home/me/.config/Gatehouse/connect-profile',
    );
  });
});
