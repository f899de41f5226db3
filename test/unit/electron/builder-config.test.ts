/**
 * The installer configuration (build/electron-builder.json) and the resources it points at.
 * Packaging needs macOS, Windows and Linux machines, so these checks are what catches a broken
 * installer before a release build does: electron-builder's own schema, the targets, what goes
 * into the asar and what stays out, the fuses, and every icon down to its pixel size.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration, TargetConfigType } from 'electron-builder';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { unsignedMacConfig, type BuilderConfig } from '../../../build/mac-unsigned-config.js';
import { releaseMetadataProblems, type PackageMetadata } from '../../../build/release-metadata.js';
import { APP_ID } from '../../../electron/main/app-identity.js';
import type { TrayIcon } from '../../../electron/main/tray-model.js';
import { decodePng, isPng, readPngHeader, type DecodedPng } from './png-reader.js';

const root = join(import.meta.dirname, '..', '..', '..');
const fromRoot = (path: string) => join(root, path);
const config = JSON.parse(readFileSync(fromRoot('build/electron-builder.json'), 'utf8')) as Configuration;

/** The tray states electron/main/tray-model.ts can ask for. */
const TRAY_STATES = ['running', 'paused', 'error', 'attention'] as const satisfies readonly TrayIcon[];
// Stops compiling if TrayIcon gains a state that this list (and so the icon check) lacks.
const _everyTrayIconListed: [Exclude<TrayIcon, (typeof TRAY_STATES)[number]>] extends [never] ? true : false =
  true;

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${name} should be a list of glob strings.`);
  }
  return value;
}

/** Whether a glob list (electron-builder style: `!` excludes) takes in a project-relative path. */
function matchesGlobs(globs: readonly string[], path: string): boolean {
  const include = globs.filter((glob) => !glob.startsWith('!'));
  const exclude = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  return picomatch(include, { dot: true })(path) && !picomatch(exclude, { dot: true })(path);
}

/** Target names and architectures, whichever of the forms electron-builder accepts was used. */
function targetsOf(target: TargetConfigType | undefined): { name: string; arch: string[] }[] {
  const list = target == null ? [] : Array.isArray(target) ? target : [target];
  return list.map((entry) =>
    typeof entry === 'string'
      ? { name: entry, arch: [] }
      : { name: entry.target, arch: entry.arch == null ? [] : [entry.arch].flat() },
  );
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation (its scheme.json, the same check a build runs)", async () => {
    // The validator may coerce values in place, so it gets a copy.
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('is validated strictly enough to catch a misspelt key', async () => {
    const misspelt = { ...config, mac: { ...config.mac, hardenedRunTime: true } } as Configuration;
    // electron-builder reports the object holding the unknown key, not the key itself.
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /configuration\.mac\b/,
    );
  });

  it('names the app and writes installers to release/, taking resources from build/', () => {
    expect(config).toMatchObject({
      appId: 'app.gatehouse.desktop',
      productName: 'Gatehouse',
      directories: { output: 'release', buildResources: 'build' },
    });
  });

  it('builds a dmg for Intel and Apple silicon, an NSIS installer for x64, and deb first, then AppImage', () => {
    expect(targetsOf(config.mac?.target)).toEqual([{ name: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targetsOf(config.win?.target)).toEqual([{ name: 'nsis', arch: ['x64'] }]);
    // The deb is the one that installs an AppArmor profile, without which Ubuntu 23.10+ aborts
    // Electron's sandbox; the AppImage stays as the second choice (README, "Installers").
    expect(targetsOf(config.linux?.target).map((target) => target.name)).toEqual(['deb', 'AppImage']);
    expect(config.mac?.category).toBe('public.app-category.developer-tools');
    expect(config.linux?.category).toBe('Development');
  });

  it('offers an assisted, per-user Windows install whose folder can be chosen', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
    });
  });

  it('makes the deb depend on libsecret, which keytar needs to reach the keyring', () => {
    // Setting `depends` replaces electron-builder's default list rather than adding to it, so the
    // list repeats those defaults; libsecret is the one keytar cannot load without.
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });

  it('signs macOS builds with the hardened runtime and our entitlement files, which exist', () => {
    const mac = config.mac;
    expect(mac?.hardenedRuntime).toBe(true);
    expect(mac?.gatekeeperAssess).toBe(false);
    for (const file of [mac?.entitlements, mac?.entitlementsInherit]) {
      expect(file, 'entitlements and entitlementsInherit are both set').toEqual(expect.any(String));
      expect(existsSync(fromRoot(file!)), `${file} exists`).toBe(true);
      expect(readFileSync(fromRoot(file!), 'utf8')).toContain('<key>com.apple.security.cs.allow-jit</key>');
    }
  });

  it('grants no hardened-runtime exception Electron 12+ does not need', () => {
    // electron-builder's fallback template adds both; each widens what injected code could do.
    // See the comments in the plist files for why Gatehouse needs neither.
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const plist = readFileSync(fromRoot(file!), 'utf8');
      expect(plist).not.toContain('<key>com.apple.security.cs.allow-unsigned-executable-memory</key>');
      expect(plist).not.toContain('<key>com.apple.security.cs.disable-library-validation</key>');
    }
  });
});

describe('what goes into the package', () => {
  const files = stringList(config.files, 'files');

  it.each([
    'dist/shared/gateway/gateway.js',
    'dist/shared/contracts/approvals.js',
    'dist/electron/main/main.js',
    'dist/electron/preload/preload.js',
    'dist/renderer/index.html',
    'dist/renderer/assets/index-3f2a.js',
    'package.json',
  ])('includes the built %s', (path) => {
    expect(matchesGlobs(files, path)).toBe(true);
  });

  it.each([
    'test/unit/electron/builder-config.test.ts',
    'test/fixtures/servers/echo.js',
    'renderer/src/app.tsx',
    'renderer/index.html',
    'shared/gateway/gateway.ts',
    'electron/main/tray-model.ts',
    'dist/shared/gateway/gateway.js.map',
    'dist/shared/gateway/gateway.test.js',
    'build/icons/generate-icons.ts',
    'README.md',
    'release/Gatehouse-0.1.0.dmg',
  ])('leaves out %s', (path) => {
    expect(matchesGlobs(files, path)).toBe(false);
  });

  it('contains the entry point that extraMetadata.main and package.json name, and the engine process', () => {
    const main = config.extraMetadata?.main as unknown;
    expect(main).toBe('dist/electron/main/main.js');
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { main?: string };
    // `electron .` (and Playwright's Electron driver) read package.json's main.
    expect(pkg.main).toBe(main);
    expect(matchesGlobs(files, main as string)).toBe(true);
    expect(matchesGlobs(files, 'dist/electron/engine/engine-main.js')).toBe(true);
  });

  it('ships tray icons beside the asar, where the shell finds them under process.resourcesPath/tray', () => {
    expect(config.extraResources).toEqual([{ from: 'build/tray', to: 'tray', filter: ['*.png'] }]);
  });
});

describe('native modules', () => {
  const unpacked = stringList(config.asarUnpack, 'asarUnpack');

  it('packs the app into an asar but unpacks keytar, better-sqlite3 and every .node binary', () => {
    // A .node file must be a real file for dlopen; Electron cannot load it from inside an asar.
    expect(config.asar).toBe(true);
    for (const path of [
      'node_modules/keytar/build/Release/keytar.node',
      'node_modules/keytar/lib/keytar.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/lib/database.js',
      'node_modules/some-other-addon/prebuilds/addon.node',
    ]) {
      expect(matchesGlobs(unpacked, path), path).toBe(true);
    }
    expect(matchesGlobs(unpacked, 'dist/electron/main/main.js')).toBe(false);
  });

  it("rebuilds them against Electron's ABI, and they are production dependencies so they are packaged", () => {
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const production = { ...pkg.dependencies, ...pkg.optionalDependencies };
    expect(Object.keys(production)).toEqual(expect.arrayContaining(['keytar', 'better-sqlite3']));
  });
});

describe('Electron fuses', () => {
  it('stop the packaged app being used as a Node runtime or debugged through its command line', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false, // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain node
      enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require could inject code
      enableNodeCliInspectArguments: false, // --inspect / SIGUSR1 would open a debugger port
    });
  });

  it('load the app only from its asar and check its integrity, and keep cookies encrypted', () => {
    expect(config.electronFuses).toMatchObject({
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false, // the UI loads from file:// and needs no more than a web page
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('re-sign macOS binaries ad hoc after flipping, so a build without a Developer ID still starts', () => {
    // @electron/fuses runs `codesign --sign - --force` on the .app only (a no-op for Windows/Linux);
    // a real identity signs again right after (app-builder-lib platformPackager.js).
    expect(config.electronFuses?.resetAdHocDarwinSignature).toBe(true);
  });
});

describe('local unsigned macOS build (npm run dist:mac-unsigned)', () => {
  const unsigned = unsignedMacConfig(config as BuilderConfig) as Configuration;

  it("passes electron-builder's validation", async () => {
    await expect(
      validateConfiguration(structuredClone(unsigned), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('skips Developer ID signing and notarisation, turns the hardened runtime off, and re-signs ad hoc', () => {
    expect(unsigned.mac).toMatchObject({ identity: null, hardenedRuntime: false, notarize: false });
    expect(unsigned.electronFuses).toMatchObject({
      ...config.electronFuses,
      resetAdHocDarwinSignature: true,
    });
    // Everything else is the release configuration.
    expect({ ...unsigned, mac: config.mac, electronFuses: config.electronFuses }).toEqual(config);
  });

  it('is what the npm script runs', () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['dist:mac-unsigned']).toContain('build/dist-mac-unsigned.ts');
  });
});

describe('release metadata (npm run dist refuses placeholders)', () => {
  it('refuses a placeholder author email and a missing homepage, which would become the deb fields', () => {
    expect(
      releaseMetadataProblems({
        author: { name: 'Gatehouse maintainers', email: 'maintainers@users.noreply.x.example' },
      }),
    ).toEqual([
      "package.json's author email maintainers@users.noreply.x.example is a placeholder: set the publisher's real address.",
      'package.json needs a "homepage" URL: it becomes the deb\'s Homepage.',
    ]);
    expect(
      releaseMetadataProblems({ author: 'Ann <ann@example.com>', homepage: 'https://example.org/x' }),
    ).toHaveLength(2);
    expect(releaseMetadataProblems({ author: 'Ann' })[0]).toContain(
      'needs "author" with a name and an email',
    );
  });

  it('accepts real ones, in either author form', () => {
    expect(
      releaseMetadataProblems({
        author: 'Ann Lee <ann@gatehouse.dev> (https://gatehouse.dev)',
        homepage: 'https://gatehouse.dev',
      }),
    ).toEqual([]);
    expect(
      releaseMetadataProblems({
        author: { name: 'Ann Lee', email: 'ann@gatehouse.dev' },
        homepage: 'https://gatehouse.dev/',
      }),
    ).toEqual([]);
  });

  it("is checked before every installer build, and this repository's package.json still needs real values", () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as PackageMetadata & {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toMatch(/^tsx build\/check-release-metadata\.ts && /);
    // When the publisher fills them in, this expectation flips to toEqual([]).
    expect(releaseMetadataProblems(pkg).length).toBeGreaterThan(0);
  });
});

describe('app identity', () => {
  it('uses the installer appId as the Windows AppUserModelID, so notifications show', () => {
    expect(APP_ID).toBe(config.appId);
  });
});

/** A .ico file's directory: little-endian, a width or height byte of 0 meaning 256. */
function readIco(bytes: Buffer): { width: number; height: number; bitCount: number; image: Buffer }[] {
  expect(bytes.readUInt16LE(0), 'ICONDIR reserved').toBe(0);
  expect(bytes.readUInt16LE(2), 'ICONDIR type (1 = icon)').toBe(1);
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, index) => {
    const entry = 6 + 16 * index;
    const size = bytes.readUInt32LE(entry + 8);
    const offset = bytes.readUInt32LE(entry + 12);
    expect(offset + size, `entry ${index} lies inside the file`).toBeLessThanOrEqual(bytes.length);
    return {
      width: bytes.readUInt8(entry) || 256,
      height: bytes.readUInt8(entry + 1) || 256,
      bitCount: bytes.readUInt16LE(entry + 6),
      image: bytes.subarray(offset, offset + size),
    };
  });
}

/** An .icns file's entries: big-endian lengths that include their own 8-byte headers. */
function readIcns(bytes: Buffer): Map<string, Buffer> {
  expect(bytes.toString('latin1', 0, 4)).toBe('icns');
  expect(bytes.readUInt32BE(4), 'the header gives the whole file length').toBe(bytes.length);
  const entries = new Map<string, Buffer>();
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset + 4);
    expect(length, 'an entry is longer than its header').toBeGreaterThan(8);
    entries.set(bytes.toString('latin1', offset, offset + 4), bytes.subarray(offset + 8, offset + length));
    offset += length;
    expect(offset, 'entries end exactly at the end of the file').toBeLessThanOrEqual(bytes.length);
  }
  return entries;
}

const pngSize = (bytes: Buffer) => {
  const { width, height } = readPngHeader(bytes);
  return `${width}x${height}`;
};

describe('icons', () => {
  it('has every icon file the configuration names', () => {
    for (const path of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      expect(path).toEqual(expect.any(String));
      expect(existsSync(fromRoot(path!)), `${path} exists`).toBe(true);
    }
  });

  it('has a 1024 px build/icon.png for electron-builder to derive from', () => {
    expect(pngSize(readFileSync(fromRoot('build/icon.png')))).toBe('1024x1024');
  });

  it('has the Linux icon set, each file as large as its name says', () => {
    // electron-builder takes each icon's size from its file name, not from the image.
    const dir = fromRoot(config.linux!.icon!);
    const pngs = readdirSync(dir).filter((name) => name.endsWith('.png'));
    expect(pngs.sort()).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((n) => `${n}x${n}.png`).sort());
    for (const name of pngs) expect(pngSize(readFileSync(join(dir, name)))).toBe(name.replace('.png', ''));
  });

  it('has a Windows .ico with PNG entries from 16 to 256 px', () => {
    const entries = readIco(readFileSync(fromRoot(config.win!.icon!)));
    expect(entries.map((entry) => entry.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) {
      expect(entry.height).toBe(entry.width);
      expect(entry.bitCount).toBe(32);
      expect(isPng(entry.image)).toBe(true);
      expect(pngSize(entry.image)).toBe(`${entry.width}x${entry.width}`);
    }
  });

  it('has a macOS .icns with a PNG for every point size at 1x and 2x', () => {
    const entries = readIcns(readFileSync(fromRoot(config.mac!.icon!)));
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024, // 512@2x
      ic11: 32, // 16@2x
      ic12: 64, // 32@2x
      ic13: 256, // 128@2x
      ic14: 512, // 256@2x
    };
    expect([...entries.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [type, image] of entries) {
      expect(pngSize(image), type).toBe(`${expected[type]}x${expected[type]}`);
    }
  });
});

describe('tray icons', () => {
  const trayDir = fromRoot('build/tray');
  const load = (name: string): DecodedPng => decodePng(readFileSync(join(trayDir, name)));

  it.each(TRAY_STATES)('has %s in colour and as a macOS template, at 1x (16 px) and 2x (32 px)', (state) => {
    for (const variant of ['', 'Template']) {
      expect(pngSize(readFileSync(join(trayDir, `tray-${state}${variant}.png`)))).toBe('16x16');
      expect(pngSize(readFileSync(join(trayDir, `tray-${state}${variant}@2x.png`)))).toBe('32x32');
    }
  });

  it.each(TRAY_STATES.flatMap((state) => [`tray-${state}Template.png`, `tray-${state}Template@2x.png`]))(
    '%s is black with alpha only, as macOS template images must be',
    (name) => {
      const { pixels } = load(name);
      let drawn = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        drawn++;
        expect([pixels[i], pixels[i + 1], pixels[i + 2]], `pixel ${i / 4}`).toEqual([0, 0, 0]);
      }
      expect(drawn, 'the shape is not empty').toBeGreaterThan(pixels.length / 4 / 5);
    },
  );

  it('draws each state differently, so they differ even in a monochrome menu bar', () => {
    const masks = TRAY_STATES.map((state) =>
      load(`tray-${state}Template.png`).pixels.filter((_, i) => i % 4 === 3),
    );
    masks.forEach((mask, a) =>
      masks.slice(a + 1).forEach((other, offset) => {
        const differing = mask.filter((alpha, i) => Math.abs(alpha - other[i]!) > 96).length;
        expect(differing, `${TRAY_STATES[a]} vs ${TRAY_STATES[a + 1 + offset]}`).toBeGreaterThanOrEqual(8);
      }),
    );
  });

  it('gives each state its own colour on Windows and Linux', () => {
    const averageColour = (state: TrayIcon) => {
      const { pixels } = load(`tray-${state}@2x.png`);
      const sum = [0, 0, 0];
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3]! < 200) continue;
        for (let c = 0; c < 3; c++) sum[c]! += pixels[i + c]!;
        count++;
      }
      return sum.map((channel) => channel / count);
    };
    const colours = TRAY_STATES.map(averageColour);
    colours.forEach((colour, a) =>
      colours.slice(a + 1).forEach((other, offset) => {
        const distance = Math.hypot(...colour.map((channel, c) => channel - other[c]!));
        expect(distance, `${TRAY_STATES[a]} vs ${TRAY_STATES[a + 1 + offset]}`).toBeGreaterThan(60);
      }),
    );
  });
});

describe('the test PNG reader', () => {
  /** A 1×1 RGBA PNG whose single scanline starts with the given filter byte. */
  function onePixelPng(filter: number, corruptCrc = false): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const framed = Buffer.alloc(body.length + 8);
      framed.writeUInt32BE(data.length, 0);
      body.copy(framed, 4);
      framed.writeUInt32BE((crc32(body) ^ (corruptCrc ? 1 : 0)) >>> 0, body.length + 4);
      return framed;
    };
    const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.from([filter, 10, 20, 30, 255]))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  it('decodes what it supports', () => {
    expect([...decodePng(onePixelPng(0)).pixels]).toEqual([10, 20, 30, 255]);
  });

  it('refuses a filter type other than 0 by name instead of returning wrong pixels', () => {
    expect(() => decodePng(onePixelPng(1))).toThrow('Row 0 uses filter type 1');
  });

  it('refuses a chunk whose CRC does not match', () => {
    expect(() => decodePng(onePixelPng(0, true))).toThrow(/CRC of the IHDR chunk/);
  });
});
