import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInsidePrefix, resolvesInside } from '../../../../shared/gateway/grants/path-prefix.js';

const PREFIX = '/home/a/projects';

describe('isInsidePrefix (lexical)', () => {
  it.each([
    // [candidate, covered]
    ['/home/a/projects', true],
    ['/home/a/projects/', true],
    ['/home/a/projects/notes.md', true],
    ['/home/a/projects/deep/er/file.txt', true],
    ['/home/a/projects/./notes.md', true],
    ['/home/a//projects///notes.md', true],
    // Look-alike prefixes: a string prefix, not a folder prefix.
    ['/home/a/projects-evil/notes.md', false],
    ['/home/a/projectsevil', false],
    ['/home/a/project', false],
    ['/home/a/Projects/notes.md', false],
    ['/home/a/pr\u043Ejects/notes.md', false], // Cyrillic o
    // `..` in any position, even one that would normalise back inside.
    ['/home/a/projects/../secrets', false],
    ['/home/a/projects/../../../etc/passwd', false],
    ['/home/a/projects/sub/../notes.md', false],
    ['/home/a/projects/..', false],
    // Not absolute, or read differently by different servers.
    ['projects/notes.md', false],
    ['./notes.md', false],
    ['~/projects/notes.md', false],
    ['file:///home/a/projects/notes.md', false],
    ['/home/a/projects\\..\\secrets', false],
    ['/home/a/projects/notes.md\0.png', false],
    ['', false],
    ['/home', false],
    ['/', false],
  ])('%j → %s', (candidate, covered) => {
    expect(isInsidePrefix(candidate, PREFIX).covered).toBe(covered);
  });

  it.each([
    ['C:\\Users\\a\\projects\\notes.md', true],
    ['c:/users/A/Projects/notes.md', true], // NTFS compares case-insensitively
    ['C:\\Users\\a\\projects-evil\\notes.md', false],
    ['C:\\Users\\a\\projects\\..\\secrets', false],
    ['D:\\Users\\a\\projects\\notes.md', false],
    ['C:\\Users\\a\\projects\\notes.md:hidden', false],
    ['\\\\?\\C:\\Users\\a\\projects\\notes.md', false],
    ['\\\\server\\share\\projects', false],
    ['/Users/a/projects/notes.md', false],
  ])('Windows: %j → %s', (candidate, covered) => {
    expect(isInsidePrefix(candidate, 'C:\\Users\\a\\projects').covered).toBe(covered);
  });

  it('refuses a granted folder that is not usable', () => {
    expect(isInsidePrefix('/x/y', 'relative/folder').covered).toBe(false);
    expect(isInsidePrefix('/x/y', '/x/../x').covered).toBe(false);
  });

  it('says why a path is not covered', () => {
    expect(isInsidePrefix('/home/a/projects-evil/x', PREFIX)).toEqual({
      covered: false,
      reason: '"/home/a/projects-evil/x" is outside /home/a/projects',
    });
    expect(isInsidePrefix('/home/a/projects/../x', PREFIX)).toMatchObject({
      reason: expect.stringContaining('".." segment'),
    });
  });
});

// Symbolic links need privileges on Windows; the lexical cases above cover its paths.
describe.skipIf(process.platform === 'win32')('resolvesInside (symbolic links on this computer)', () => {
  // realpath: the temporary folder may itself sit behind a link (/tmp on macOS).
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gatehouse-prefix-')));
  const granted = join(root, 'projects');
  const outside = join(root, 'secrets');
  mkdirSync(granted);
  mkdirSync(outside);
  writeFileSync(join(granted, 'notes.md'), 'notes');
  writeFileSync(join(outside, 'key.txt'), 'key');
  symlinkSync(outside, join(granted, 'link-out'));
  symlinkSync(join(granted, 'notes.md'), join(granted, 'link-in'));
  symlinkSync(join(outside, 'nothing-yet.txt'), join(granted, 'dangling'));

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['a file inside', 'notes.md', true],
    ['a file to be created inside', 'new/dir/file.txt', true],
    ['a link that stays inside', 'link-in', true],
    ['a link to a folder outside', 'link-out/key.txt', false],
    ['a new file under a link outside', 'link-out/new.txt', false],
    ['a dangling link (writing would create its target outside)', 'dangling', false],
  ])('%s', async (_what, relative, covered) => {
    expect((await resolvesInside(join(granted, relative), granted)).covered).toBe(covered);
  });

  it('a path that does not exist here keeps the lexical answer', async () => {
    expect((await resolvesInside('/nonexistent-gatehouse/a/b', '/nonexistent-gatehouse/a')).covered).toBe(
      true,
    );
    expect((await resolvesInside('/nonexistent-gatehouse/ab', '/nonexistent-gatehouse/a')).covered).toBe(
      false,
    );
  });
});
