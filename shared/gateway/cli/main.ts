#!/usr/bin/env node
/**
 * The `gatehouse` command line: the headless gateway and its administration.
 */
import { Command } from 'commander';
import { GATEHOUSE_VERSION } from '../version.js';
import { registerApprovalCommands } from './approval-commands.js';
import { registerGrantCommands } from './grant-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerCatalogCommands } from './catalog-commands.js';
import { registerClientCommands } from './client-commands.js';
import { registerConnectCommand } from './connect-command.js';
import { registerImportCommand } from './import-command.js';
import { resolveGlobalOptions } from './global-options.js';
import { registerPauseCommands } from './pause-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerSecretCommands } from './secret-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerServerCommands } from './server-commands.js';
import { registerSetupCommands } from './setup-commands.js';
import { registerStatusCommand } from './status-command.js';

const program = new Command()
  .name('gatehouse')
  .description('A local MCP gateway: one endpoint in front of your MCP servers.')
  .version(GATEHOUSE_VERSION)
  .option(
    '--data-dir <dir>',
    'where config.json and clients.json live (default: GATEHOUSE_DATA_DIR or the per-user app-data folder)',
  )
  .showHelpAfterError();

const globals = () => resolveGlobalOptions(program.opts<{ dataDir?: string }>());
registerServeCommand(program, globals);
registerClientCommands(program, globals);
registerSetupCommands(program, globals);
registerConnectCommand(program, globals);
registerApprovalCommands(program, globals);
registerGrantCommands(program, globals);
registerPauseCommands(program, globals);
registerPolicyCommands(program, globals);
registerStatusCommand(program, globals);
registerCatalogCommands(program, globals);
registerAuditCommands(program, globals);
registerSecretCommands(program, globals);
registerImportCommand(registerServerCommands(program, globals), globals);

await program.parseAsync(process.argv);
