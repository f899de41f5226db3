/**
 * `npm run dist:mac-unsigned`: a dmg for this Mac without a Developer ID (see
 * mac-unsigned-config.ts). Others will need to allow it in System Settings → Privacy & Security.
 */
import { readFileSync } from 'node:fs';
import { build, Platform } from 'electron-builder';
import { unsignedMacConfig, type BuilderConfig } from './mac-unsigned-config.js';

const base = JSON.parse(
  readFileSync(new URL('./electron-builder.json', import.meta.url), 'utf8'),
) as BuilderConfig;
await build({
  targets: Platform.MAC.createTarget(),
  config: unsignedMacConfig(base) as Parameters<typeof build>[0] extends { config?: infer C } ? C : never,
});
