/**
 * Ubuntu 23.10 and later restrict unprivileged user namespaces through AppArmor
 * (`kernel.apparmor_restrict_unprivileged_userns = 1`). Chromium's sandbox needs one, so an
 * Electron binary without an AppArmor profile that allows `userns` falls back to the SUID sandbox
 * helper and aborts ("The SUID sandbox helper binary was found, but is not configured correctly")
 * unless that helper is owned by root with the setuid bit. The deb installs such a profile
 * (app-builder-lib 26 templates/linux/after-install.tpl and apparmor-profile.tpl); `npm start`
 * and the AppImage run a binary that has none.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The sysctl that turns the restriction on. */
export const USERNS_RESTRICTION = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

/** Where a profile for the development binary goes. */
export const DEV_PROFILE_PATH = '/etc/apparmor.d/gatehouse-dev-electron';

/** The file system as the check needs it (tests pass a fake). */
export interface SandboxProbe {
  readonly platform: NodeJS.Platform;
  readText(path: string): string | undefined;
  /** Owner and mode of a file, or undefined when it does not exist. */
  stat(path: string): { uid: number; mode: number } | undefined;
  /** The texts of the installed AppArmor profiles. */
  profiles(): string[];
}

/**
 * Why Electron's sandbox cannot start for the binary at `electronPath`, or undefined when it can
 * (not Linux, no restriction, a setuid-root helper, or a profile that names the binary).
 */
export function linuxSandboxProblem(electronPath: string, probe: SandboxProbe): string | undefined {
  if (probe.platform !== 'linux') return undefined;
  if (probe.readText(USERNS_RESTRICTION)?.trim() !== '1') return undefined;
  const helper = probe.stat(join(dirname(electronPath), 'chrome-sandbox'));
  if (helper && helper.uid === 0 && (helper.mode & 0o4000) !== 0) return undefined;
  if (probe.profiles().some((profile) => profile.includes(electronPath))) return undefined;
  return `This system restricts unprivileged user namespaces through AppArmor (Ubuntu 23.10 and later) and ${electronPath} has no AppArmor profile, so Electron's sandbox cannot start. Run \`npm run setup:desktop\`: it prints the two sudo commands that add one.`;
}

/** An AppArmor profile that lets this one binary create user namespaces, as the deb's does. */
export function appArmorProfile(electronPath: string): string {
  return [
    'abi <abi/4.0>,',
    'include <tunables/global>',
    '',
    `profile gatehouse-dev-electron "${electronPath}" flags=(unconfined) {`,
    '  userns,',
    '',
    '  include if exists <local/gatehouse-dev-electron>',
    '}',
    '',
  ].join('\n');
}

/** The probe over this machine's files. */
export function systemSandboxProbe(): SandboxProbe {
  const readText = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    platform: process.platform,
    readText,
    stat: (path) => {
      try {
        const { uid, mode } = statSync(path);
        return { uid, mode };
      } catch {
        return undefined;
      }
    },
    profiles: () => {
      let names: string[];
      try {
        names = readdirSync('/etc/apparmor.d', { withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name);
      } catch {
        return [];
      }
      return names.map((name) => readText(join('/etc/apparmor.d', name)) ?? '');
    },
  };
}
