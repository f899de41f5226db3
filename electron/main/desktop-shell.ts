/**
 * What the desktop app does around the engine, with every platform piece behind a small port:
 * keeps the tray's icon and menu in step with the gateway, turns menu clicks into actions, raises
 * a notification per approval request and forwards the engine's events to open windows. The
 * Electron adapters implement the ports; the tests use in-memory fakes.
 */
import type { AuditHealth } from '../../shared/contracts/audit.js';
import type { ControlEvent, GatewayState } from '../../shared/contracts/control-events.js';
import { describeError } from '../../shared/gateway/errors.js';
import { notifyApprovals, type ApprovalWindowOpener, type Notifier } from './approval-notifier.js';
import { notifySignIns } from './sign-in-notifier.js';
import { trayModel, type TrayCommand, type TrayModel, type TrayState } from './tray-model.js';

/** The tray icon: draws a model and reports clicks on its menu. */
export interface TrayView {
  render(model: TrayModel): void;
  onCommand(handler: (command: TrayCommand) => void): void;
}

/** The app's windows. */
export interface WindowManager extends ApprovalWindowOpener {
  openMain(): void;
  /** Sends a control event to every open window. */
  broadcast(event: ControlEvent): void;
}

/** Whether the app starts when the person logs in. */
export interface LoginItems {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** The running engine, as the shell sees it. */
export interface ShellEngine {
  readonly events: { subscribe(listener: (event: ControlEvent) => void): () => void };
  readonly state: {
    current(): GatewayState;
    /** In the app the engine is another process, so the answer may come later. */
    setPaused(paused: boolean, by: string): GatewayState | Promise<GatewayState>;
  };
}

export interface ShellPorts {
  readonly tray: TrayView;
  readonly windows: WindowManager;
  readonly notifier: Notifier;
  readonly loginItems: LoginItems;
  /** Ends the app (the shell stops the engine on the way out). */
  readonly quit: () => void;
  /** Tells the person about a failure of an action they chose (a dialog in the app). */
  readonly reportError: (message: string) => void;
}

/** Who pauses or resumes, as the gateway's log records it. */
const DESKTOP_ACTOR = 'desktop';

export class DesktopShell {
  #gateway: TrayState['gateway'] = 'starting';
  #problem: string | undefined;
  #pendingApprovals = 0;
  /** The audit trail's health: the icon shows a problem while it is not written. */
  #audit: AuditHealth | undefined;
  #engine: ShellEngine | undefined;
  readonly #stops: (() => void)[] = [];

  constructor(private readonly ports: ShellPorts) {
    ports.tray.onCommand((command) => this.#run(command));
    this.#render();
  }

  /** The engine is up: follow its state, notify on approvals, feed the windows. */
  attach(engine: ShellEngine): void {
    this.#engine = engine;
    this.#follow(engine.state.current());
    this.#stops.push(
      engine.events.subscribe((event) => {
        if (event.type === 'gateway.state') this.#follow(event.state);
        if (event.type === 'audit.health') {
          this.#audit = event.health;
          this.#render();
        }
        this.ports.windows.broadcast(event);
      }),
      notifyApprovals(engine.events, this.ports.notifier, this.ports.windows),
      notifySignIns(engine.events, this.ports.notifier, this.ports.windows),
    );
  }

  /** The engine could not start (or stopped working): say so in the tray. */
  failed(problem: string): void {
    this.#gateway = 'error';
    this.#problem = problem;
    this.#render();
  }

  /** Stops listening to the engine (before it stops). */
  detach(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#engine = undefined;
  }

  #follow(state: GatewayState): void {
    this.#gateway = state.pausedSince ? 'paused' : 'running';
    this.#problem = undefined;
    this.#pendingApprovals = state.pendingApprovals;
    this.#audit = state.audit;
    this.#render();
  }

  #render(): void {
    this.ports.tray.render(
      trayModel({
        gateway: this.#gateway,
        ...(this.#problem ? { problem: this.#problem } : {}),
        pendingApprovals: this.#pendingApprovals,
        ...(this.#audit ? { audit: this.#audit } : {}),
        launchAtLogin: this.ports.loginItems.isEnabled(),
      }),
    );
  }

  #setPaused(engine: ShellEngine, command: 'pause' | 'resume'): void {
    const failed = (error: unknown) =>
      this.ports.reportError(`Gatehouse could not ${command} tool calls: ${describeError(error)}`);
    try {
      // Called at once (an in-process engine answers synchronously and the tray follows at once).
      void Promise.resolve(engine.state.setPaused(command === 'pause', DESKTOP_ACTOR)).then(
        (state) => this.#follow(state),
        failed,
      );
    } catch (error: unknown) {
      failed(error);
    }
  }

  #run(command: TrayCommand): void {
    switch (command) {
      case 'open':
        return this.ports.windows.openMain();
      case 'open-approvals':
        return this.ports.windows.openCompactApprovals();
      case 'pause':
      case 'resume':
        // Before the engine runs there is nothing to pause; the menu item is disabled then.
        if (this.#engine) this.#setPaused(this.#engine, command);
        return;
      case 'toggle-launch-at-login':
        try {
          this.ports.loginItems.setEnabled(!this.ports.loginItems.isEnabled());
        } catch (error: unknown) {
          this.ports.reportError(
            `Gatehouse could not change whether it starts at login: ${describeError(error)}`,
          );
        }
        return this.#render();
      case 'quit':
        return this.ports.quit();
    }
  }
}
