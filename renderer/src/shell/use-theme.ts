/**
 * Light and dark themes. Until the person picks one, the page follows the system setting (the
 * stylesheet's prefers-color-scheme query); a pick is remembered in localStorage.
 */
import { useCallback, useEffect, useState } from 'react';

/** The two themes the stylesheet defines. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'gatehouse.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function storedTheme(): Theme | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    // Storage can be disabled (privacy settings); the system theme is a fine fallback.
    return undefined;
  }
}

function systemTheme(): Theme {
  // jsdom and some embedded views lack matchMedia.
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The theme in effect and a way to switch to the other one. */
export interface ThemeControl {
  readonly theme: Theme;
  readonly toggle: () => void;
}

/** The theme in effect: the remembered choice, else the system setting. */
export function useTheme(): ThemeControl {
  const [chosen, setChosen] = useState<Theme | undefined>(storedTheme);
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (): void => setSystem(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const root = document.documentElement;
    if (chosen) root.dataset.theme = chosen;
    else delete root.dataset.theme;
  }, [chosen]);

  const theme = chosen ?? system;
  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setChosen(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still applied for this visit.
    }
  }, [theme]);

  return { theme, toggle };
}
