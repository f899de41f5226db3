import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientRegistry, hashToken } from '../../../../shared/gateway/config/client-registry.js';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-clients-'));
});

describe('ClientRegistry', () => {
  it('creates 256-bit tokens and stores only their hash', () => {
    const registry = new ClientRegistry(dataDir, () => new Date('2026-01-01T00:00:00Z'));
    const created = registry.add('cursor');
    expect(created.token).toMatch(/^gth_[A-Za-z0-9_-]{43}$/);
    const file = readFileSync(join(dataDir, 'clients.json'), 'utf8');
    expect(file).not.toContain(created.token);
    expect(file).toContain(hashToken(created.token));
    expect(registry.list()).toEqual([{ name: 'cursor', createdAt: '2026-01-01T00:00:00.000Z' }]);
  });

  it('authenticates tokens and forgets revoked ones', () => {
    const registry = new ClientRegistry(dataDir);
    const { token } = registry.add('claude-code');
    expect(registry.authenticate(token)).toBe('claude-code');
    expect(registry.authenticate(`${token}x`)).toBeUndefined();
    registry.revoke('claude-code');
    expect(registry.authenticate(token)).toBeUndefined();
  });

  it('sees clients added by another process through the file', () => {
    const gateway = new ClientRegistry(dataDir);
    expect(gateway.names()).toEqual(new Set());
    const { token } = new ClientRegistry(dataDir).add('codex');
    expect(gateway.authenticate(token)).toBe('codex');
  });

  it('refuses duplicate names, bad names and unknown revocations', () => {
    const registry = new ClientRegistry(dataDir);
    registry.add('vscode');
    expect(() => registry.add('vscode')).toThrow(/exists already/);
    expect(() => registry.add('../evil')).toThrow(/not a usable client name/);
    expect(() => registry.add('two\nlines')).toThrow(/not a usable client name/);
    expect(() => registry.revoke('nobody')).toThrow(/no client named "nobody"/);
  });

  it('keeps the last good tokens when the file is broken mid-edit', () => {
    const gateway = new ClientRegistry(dataDir);
    const { token } = gateway.add('desktop');
    expect(gateway.authenticate(token)).toBe('desktop');
    writeFileSync(join(dataDir, 'clients.json'), '{"clients": [');
    expect(gateway.authenticate(token)).toBe('desktop');
  });
});
