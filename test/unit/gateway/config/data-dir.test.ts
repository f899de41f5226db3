import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../../shared/gateway/config/data-dir.js';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then GATEHOUSE_DATA_DIR', () => {
    expect(resolveDataDir('/explicit', { GATEHOUSE_DATA_DIR: '/env' }, 'linux', '/home/p')).toBe('/explicit');
    expect(resolveDataDir(undefined, { GATEHOUSE_DATA_DIR: '/env' }, 'linux', '/home/p')).toBe('/env');
  });

  it('matches the folder Electron uses for an app named Gatehouse', () => {
    expect(resolveDataDir(undefined, {}, 'linux', '/home/p')).toBe('/home/p/.config/Gatehouse');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/p')).toBe('/xdg/Gatehouse');
    expect(resolveDataDir(undefined, {}, 'darwin', '/Users/p')).toBe(
      '/Users/p/Library/Application Support/Gatehouse',
    );
    expect(
      resolveDataDir(undefined, { APPDATA: 'C:/Users/p/AppData/Roaming' }, 'win32', 'C:/Users/p'),
    ).toMatch(/^C:\/Users\/p\/AppData\/Roaming.Gatehouse$/);
  });
});
