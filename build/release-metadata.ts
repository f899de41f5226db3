/**
 * Checks package.json's publisher fields before installers are built: electron-builder writes
 * `author` into the deb's Maintainer field and the Windows installer's publisher, and `homepage`
 * into the deb's Homepage; placeholder values would ship to everyone who installs.
 */

/** The fields the check reads. */
export interface PackageMetadata {
  readonly author?: string | { readonly name?: string; readonly email?: string };
  readonly homepage?: string;
}

/** Hosts that can never be a real publisher's (RFC 2606 reserves .example, .invalid, .test). */
const PLACEHOLDER_HOST = /(^|\.)(example|invalid|test|localhost)$|^example\.(com|org|net)$/i;

/** What is wrong with the publisher fields, one sentence each; empty when all are real. */
export function releaseMetadataProblems(pkg: PackageMetadata): string[] {
  const problems: string[] = [];
  const author = typeof pkg.author === 'string' ? parseAuthor(pkg.author) : (pkg.author ?? {});
  const emailHost = author.email?.split('@')[1];
  if (!author.name || !author.email || !emailHost)
    problems.push('package.json needs "author" with a name and an email: it becomes the deb\'s Maintainer.');
  else if (PLACEHOLDER_HOST.test(emailHost))
    problems.push(
      `package.json's author email ${author.email} is a placeholder: set the publisher's real address.`,
    );
  let homepageHost: string | undefined;
  try {
    homepageHost = pkg.homepage ? new URL(pkg.homepage).hostname : undefined;
  } catch {
    homepageHost = undefined;
  }
  if (!homepageHost) problems.push('package.json needs a "homepage" URL: it becomes the deb\'s Homepage.');
  else if (PLACEHOLDER_HOST.test(homepageHost))
    problems.push(`package.json's homepage ${pkg.homepage} is a placeholder: set the project's real page.`);
  return problems;
}

/** npm's "Name <email> (url)" form. */
function parseAuthor(text: string): { name?: string; email?: string } {
  const match = /^([^<(]*)(?:<([^>]*)>)?/.exec(text);
  const name = match?.[1]?.trim();
  const email = match?.[2]?.trim();
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
