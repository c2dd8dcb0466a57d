import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJsonLogger } from '../../lambdas/adapters/logger';

describe('JSON logger adapter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON line with the date and fingerprint as top-level keys', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = createJsonLogger({ serviceName: 'epaper-render', logLevel: 'INFO' });

    logger.info('edition published', { date: '2026-03-14', fingerprint: 'abc123', pageCount: 12 });

    const records = lines.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'INFO',
      message: 'edition published',
      service: 'epaper-render',
      date: '2026-03-14',
      fingerprint: 'abc123',
      pageCount: 12,
    });
  });
});
