/**
 * Signing in to a remote server from the window: asks the engine to start the loopback flow,
 * opens the authorization page (a new tab against `gatehouse serve`; in the app the window-open
 * handler hands https pages to the system browser), and follows the `server.signIn` events.
 */
import { useCallback, useState } from 'react';
import { describeError } from '../../api/control-error.js';
import { useControlEvents } from '../../state/use-control-events.js';
import { useTransport } from '../../state/transport-context.js';

/** What the person sees about the last sign-in or sign-out. */
export type SignInNotice =
  | { readonly kind: 'waiting'; readonly server: string; readonly url: string }
  | { readonly kind: 'done'; readonly server: string; readonly message: string }
  | { readonly kind: 'failed'; readonly server: string; readonly message: string };

/** Starts sign-ins and sign-outs, and keeps the notice about the latest one. */
export function useSignIn(): {
  readonly notice: SignInNotice | undefined;
  readonly signIn: (server: string) => void;
  readonly signOut: (server: string) => void;
} {
  const transport = useTransport();
  const [notice, setNotice] = useState<SignInNotice | undefined>(undefined);

  useControlEvents((event) => {
    if (event.type !== 'server.signIn') return;
    const { progress } = event;
    setNotice((current) => {
      // Only the sign-in this window follows; another window's tells its own story.
      if (!current || current.server !== progress.server) return current;
      if (progress.state === 'waiting')
        return { kind: 'waiting', server: progress.server, url: progress.authorizationUrl };
      return {
        kind: progress.state === 'signed-in' ? 'done' : 'failed',
        server: progress.server,
        message: progress.message,
      };
    });
  });

  const signIn = useCallback(
    (server: string) => {
      setNotice({ kind: 'waiting', server, url: '' });
      transport.call('servers.signIn', { name: server }).then(
        ({ authorizationUrl }) => {
          if (!authorizationUrl) {
            setNotice({ kind: 'done', server, message: `${server} let Gatehouse in without a sign-in.` });
            return;
          }
          // The engine only hands out https (or loopback http) pages; checked again before opening.
          if (!/^https?:\/\//i.test(authorizationUrl)) {
            setNotice({
              kind: 'failed',
              server,
              message: 'The sign-in page is not a web address; it was not opened.',
            });
            return;
          }
          // noopener: the authorization server's page gets no handle on this window.
          window.open(authorizationUrl, '_blank', 'noopener,noreferrer');
          setNotice((current) =>
            current?.kind === 'waiting' && current.server === server
              ? { kind: 'waiting', server, url: authorizationUrl }
              : current,
          );
        },
        (failure: unknown) => setNotice({ kind: 'failed', server, message: describeError(failure) }),
      );
    },
    [transport],
  );

  const signOut = useCallback(
    (server: string) => {
      transport.call('servers.signOut', { name: server }).then(
        ({ message }) => setNotice({ kind: 'done', server, message }),
        (failure: unknown) => setNotice({ kind: 'failed', server, message: describeError(failure) }),
      );
    },
    [transport],
  );

  return { notice, signIn, signOut };
}
