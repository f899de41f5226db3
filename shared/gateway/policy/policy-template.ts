/**
 * The policies a new Gatehouse starts with, written into the first config.json: tools that only
 * read run freely, tools that destroy ask the person first, everything in between runs and is
 * flagged in the audit. Risk levels come from the tool classifier (annotations, name, description
 * and schema), so a server cannot talk its way out of a question by annotating a delete as safe.
 */
import type { PolicySet } from '../../contracts/policy.js';

export const POLICY_TEMPLATE: PolicySet = {
  defaultAction: 'allow',
  approvalTimeoutSeconds: 120,
  rules: [
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
