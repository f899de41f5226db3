/**
 * The policies a new Gatehouse starts with, written into the first config.json: a secret never
 * leaves in a call, private data leaving for the internet or another server asks the person,
 * untrusted text steering a destructive call asks too; then tools that only read run freely, tools
 * that destroy ask the person first, everything in between runs and is flagged in the audit. Risk levels come from the tool classifier (annotations, name, description
 * and schema), so a server cannot talk its way out of a question by annotating a delete as safe.
 */
import type { PolicySet } from '../../contracts/policy.js';

export const POLICY_TEMPLATE: PolicySet = {
  defaultAction: 'allow',
  approvalTimeoutSeconds: 120,
  rules: [
    // Flow rules come first: the data-flow guard sees what a call carries, which its tool's own
    // risk cannot tell (see shared/gateway/flow).
    {
      id: 'deny-secret-in-arguments',
      description: 'A secret Gatehouse holds for a server never goes out in a tool call, in any encoding.',
      match: { flow: { from: { secrets: true } } },
      action: 'deny',
    },
    {
      id: 'ask-private-data-to-open-world',
      description:
        'Data read from a private server going into a tool that reaches the internet asks you first.',
      match: { flow: { from: { dataClasses: ['private'] }, to: { openWorld: true } } },
      action: 'approve',
    },
    {
      id: 'ask-private-data-to-other-server',
      description:
        "Data read from a private server going into another server's tool that changes things asks you first.",
      match: {
        flow: {
          from: { dataClasses: ['private'] },
          to: { risk: ['writes', 'destructive'], otherServer: true },
        },
      },
      action: 'approve',
    },
    {
      id: 'ask-untrusted-steering-destructive',
      description:
        'Text from an untrusted source (a web page, a public issue) in a call that deletes or overwrites asks you first.',
      match: { flow: { from: { dataClasses: ['untrusted'] }, to: { risk: ['destructive'] } } },
      action: 'approve',
    },
    {
      id: 'ask-before-destructive',
      description: 'Tools that delete or overwrite ask you first.',
      match: { risk: ['destructive'] },
      action: 'approve',
    },
    {
      id: 'flag-writes',
      description: 'Tools that change things or reach the internet run, flagged in the audit.',
      match: { risk: ['writes', 'open-world'] },
      action: 'log',
    },
    {
      id: 'allow-read-only',
      description: 'Tools that only read run freely.',
      match: { risk: ['read-only'] },
      action: 'allow',
    },
  ],
};
