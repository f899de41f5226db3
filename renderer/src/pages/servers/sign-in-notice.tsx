/**
 * The notice about a sign-in in progress (with the link, in case no tab opened), or how it ended.
 */
import { ErrorNotice } from '../../components/status.js';
import type { SignInNotice } from './use-sign-in.js';

/** Shows `notice`, if any. */
export function SignInNoticeView({ notice }: { notice: SignInNotice | undefined }) {
  if (!notice) return null;
  switch (notice.kind) {
    case 'failed':
      return <ErrorNotice message={notice.message} />;
    case 'done':
      return (
        <div className="notice notice-success" role="status">
          {notice.message}
        </div>
      );
    case 'waiting':
      return (
        <div className="notice" role="status">
          {notice.url ? (
            <>
              Finish signing in to <strong>{notice.server}</strong> in your browser; this page updates by
              itself. If no page opened,{' '}
              <a href={notice.url} target="_blank" rel="noopener noreferrer">
                open the sign-in page
              </a>
              .
            </>
          ) : (
            <>Starting the sign-in to {notice.server}…</>
          )}
        </div>
      );
  }
}
