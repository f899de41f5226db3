/**
 * Shown instead of the app when the gateway refuses the admin token: there is nothing useful to do
 * here until the page is opened with the right link.
 */
export function UnauthorizedPage() {
  return (
    <main className="full-page" id="main">
      <div className="card full-page-card">
        <h1>This page needs a fresh link</h1>
        <p>
          The gateway did not accept this page’s admin token. The token is part of the link the gateway prints
          when it starts, and it changes each time the gateway restarts.
        </p>
        <ol>
          <li>
            Find the terminal where <code>gatehouse serve</code> runs (or start it again).
          </li>
          <li>
            Open the link it prints, which looks like <code>http://127.0.0.1:4283/ui/#token=…</code>
          </li>
        </ol>
        <p className="muted">
          For your safety the token is removed from the address bar as soon as the page opens.
        </p>
      </div>
    </main>
  );
}
