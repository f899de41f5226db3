/**
 * Names people know the client apps by.
 */
import type { ClientKind } from '../../../../shared/contracts/client-record.js';

/** The display name of each client kind. */
export const CLIENT_KIND_LABELS: Record<ClientKind, string> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  codex: 'Codex',
  'gemini-cli': 'Gemini CLI',
  opencode: 'opencode',
  zed: 'Zed',
  goose: 'Goose',
  cline: 'Cline',
  'roo-code': 'Roo Code',
  'lm-studio': 'LM Studio',
  'vscode-insiders': 'VS Code Insiders',
  vscodium: 'VSCodium',
  'claude-code-project': 'Claude Code (project)',
  other: 'Other',
};
