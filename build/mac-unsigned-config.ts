/**
 * The electron-builder configuration for a local macOS build without a Developer ID certificate.
 * Electron's macOS binaries are ad-hoc signed, and on Apple silicon a binary whose signature does
 * not match will not start. Flipping the fuses changes the binary; with a certificate
 * electron-builder signs right after (app-builder-lib 26 platformPackager.js: "the fuses MUST be
 * flipped right before signing"), but without one signing is skipped and the app is left with a
 * broken signature. So this build asks @electron/fuses to re-sign ad hoc after flipping
 * (`resetAdHocDarwinSignature`, which runs `codesign --sign - --force … --deep` on the .app),
 * skips Developer ID signing (`identity: null`, "skipped macOS code signing") and turns the
 * hardened runtime off, which an ad-hoc signature cannot satisfy for Electron's helpers.
 */

/** The parts of build/electron-builder.json this touches. */
export interface BuilderConfig {
  readonly mac?: Record<string, unknown>;
  readonly electronFuses?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export function unsignedMacConfig(base: BuilderConfig): BuilderConfig {
  return {
    ...base,
    mac: { ...base.mac, identity: null, hardenedRuntime: false, notarize: false },
    electronFuses: { ...base.electronFuses, resetAdHocDarwinSignature: true },
  };
}
