/**
 * Where the compact approval window opens: next to the tray icon, on the side of the screen the
 * tray is on (menu bar at the top on macOS, task bar usually at the bottom elsewhere), never off
 * the screen's work area.
 */

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Space kept between the window and the tray or the screen edge. */
const MARGIN = 8;

/**
 * @param tray the tray icon's bounds, or undefined where the platform does not tell (some Linux
 *   desktops): the window then sits in the work area's bottom-right corner.
 */
export function compactWindowPosition(
  size: { readonly width: number; readonly height: number },
  workArea: Rectangle,
  tray: Rectangle | undefined,
): { x: number; y: number } {
  const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
  const minX = workArea.x + MARGIN;
  const maxX = workArea.x + workArea.width - size.width - MARGIN;
  const minY = workArea.y + MARGIN;
  const maxY = workArea.y + workArea.height - size.height - MARGIN;
  if (!tray || (tray.width === 0 && tray.height === 0)) return { x: maxX, y: maxY };
  const trayCentreY = tray.y + tray.height / 2;
  const trayAtTop = trayCentreY < workArea.y + workArea.height / 2;
  const x = clamp(Math.round(tray.x + tray.width / 2 - size.width / 2), minX, maxX);
  const y = trayAtTop ? tray.y + tray.height + MARGIN : tray.y - size.height - MARGIN;
  return { x, y: clamp(Math.round(y), minY, maxY) };
}
