import { describe, expect, it } from 'vitest';
import {
  type ChainLink,
  GENESIS_HASH,
  canonicalJson,
  chainHash,
  verifyChain,
} from '../../../../shared/gateway/audit/hash-chain.js';

/** A well-formed chain of `count` records after `start`. */
function chain(count: number, start = { seq: 0, hash: GENESIS_HASH }): ChainLink[] {
  const links: ChainLink[] = [];
  let previous = start;
  for (let seq = start.seq + 1; seq <= start.seq + count; seq++) {
    const contentJson = canonicalJson({ seq, target: `tool-${seq}` });
    const link = { seq, prevHash: previous.hash, hash: chainHash(contentJson, previous.hash), contentJson };
    links.push(link);
    previous = link;
  }
  return links;
}

const head = (links: ChainLink[]) => ({ seq: links.at(-1)!.seq, hash: links.at(-1)!.hash });
const genesis = { seq: 0, hash: GENESIS_HASH };

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: 'x', c: null })).toBe(canonicalJson({ c: null, a: 'x', b: 1 }));
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });
});

describe('verifyChain', () => {
  it('passes an intact chain, and an empty one', () => {
    const links = chain(5);
    expect(verifyChain(links, genesis, head(links))).toEqual({ ok: true, checked: 5, fromSeq: 0 });
    expect(verifyChain([], genesis, undefined)).toEqual({ ok: true, checked: 0, fromSeq: 0 });
  });

  it('names a changed record', () => {
    const links = chain(5);
    links[2] = { ...links[2]!, contentJson: canonicalJson({ seq: 3, target: 'other' }) };
    const report = verifyChain(links, genesis, head(links));
    expect(report).toMatchObject({ ok: false, checked: 2, firstBad: { seq: 3 } });
    expect(report.firstBad!.problem).toMatch(/does not match its hash/);
  });

  it('names the first missing record', () => {
    const links = chain(6);
    links.splice(2, 2);
    expect(verifyChain(links, genesis, head(links)).firstBad).toEqual({
      seq: 3,
      kind: 'removed',
      problem: 'Records 3–4 are missing: removed from the log.',
    });
  });

  it('catches records missing from the end against the head', () => {
    const links = chain(5);
    expect(verifyChain(links.slice(0, 3), genesis, head(links)).firstBad).toMatchObject({ seq: 4 });
  });

  it('catches a record replaced by one with a valid hash but the wrong link', () => {
    const links = chain(4);
    const forged = chain(1, { seq: 2, hash: 'f'.repeat(64) })[0]!;
    links[2] = forged;
    expect(verifyChain(links, genesis, head(chain(4))).firstBad).toMatchObject({
      seq: 3,
      problem: expect.stringMatching(/does not link to record 2/),
    });
  });

  it('starts from a checkpoint', () => {
    const links = chain(10);
    const checkpoint = { seq: links[3]!.seq, hash: links[3]!.hash };
    expect(verifyChain(links.slice(4), checkpoint, head(links))).toEqual({
      ok: true,
      checked: 6,
      fromSeq: 4,
    });
    expect(verifyChain(links.slice(5), checkpoint, head(links)).firstBad).toMatchObject({ seq: 5 });
  });
});
