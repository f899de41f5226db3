/* global module -- a CommonJS file puppeteer reads */
// @modelcontextprotocol/server-puppeteer (a devDependency whose tool list is in the catalog
// retrieval set) pulls in puppeteer, whose postinstall downloads Chrome. Tests only list its
// tools and never launch a browser, and installs must work with only the npm registry reachable.
// Puppeteer reads this file from the project root (pptr.dev/guides/configuration).
module.exports = { skipDownload: true };
