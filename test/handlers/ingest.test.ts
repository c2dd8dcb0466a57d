import { describe, expect, it } from 'vitest';
import type { ParseOutcome } from '../../lambdas/core/article';
import { ingestObject, normalizedKey, rejectedKey } from '../../lambdas/core/ingest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { decodeEventKey, objectEventsFromNotification } from '../../lambdas/adapters/s3-store';

const DATE = '2026-03-14';

/** A parser fake: the first line is the headline; an empty file is rejected. */
function fakeParse(file: string, bytes: Uint8Array): ParseOutcome {
  const text = new TextDecoder().decode(bytes).trim();
  if (!text) return { ok: false, rejection: { file, reason: 'The file is empty.' } };
  return {
    ok: true,
    warnings: [],
    article: {
      slug: file.replace(/\..*$/, ''),
      headline: text.split('\n')[0],
      section: 'News',
      priority: 3,
      body: [],
      language: 'en',
      source: file,
      format: 'wire',
    },
  };
}

function setup() {
  const content = new MemoryObjectStore();
  const renderSignal = new MemoryRenderSignal();
  const parsed: string[] = [];
  const ingest = ingestObject({
    content,
    renderSignal,
    logger: silentLogger,
    now: () => new Date('2026-03-14T05:00:00Z'),
    parse: (file, bytes) => {
      parsed.push(file);
      return fakeParse(file, bytes);
    },
  });
  return { content, renderSignal, parsed, ingest };
}

const headlineOf = (store: MemoryObjectStore, key: string) =>
  (JSON.parse(store.text(key) ?? '{}') as { article?: { headline: string } }).article?.headline;

describe('ingestObject', () => {
  it('parses the object as it is now, not as the event described it', async () => {
    const { content, renderSignal, ingest } = setup();
    const key = `articles/${DATE}/story.txt`;
    await content.put(key, 'First headline\n\nBody.', 'text/plain');
    await ingest({ key, eventName: 'ObjectCreated:Put', sequencer: '01' });
    // Overwritten before the first event's twin arrives: both events see the latest bytes.
    await content.put(key, 'Second headline\n\nBody.', 'text/plain');
    const outcome = await ingest({ key, eventName: 'ObjectCreated:Put', sequencer: '01' });

    expect(outcome).toMatchObject({ kind: 'normalized', date: DATE, file: 'story.txt' });
    expect(headlineOf(content, normalizedKey(DATE, 'story.txt'))).toBe('Second headline');
    expect(renderSignal.sent).toEqual([DATE, DATE]);
    expect(renderSignal.causes[0]).toBe(`${key}#01`);
  });

  it('reports an upload under an impossible date and asks for no render (it failed three times into the dead letters)', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    const key = 'articles/2019-02-30/story.txt';
    await content.put(key, 'Headline\n\nBody.', 'text/plain');
    const outcome = await ingest({ key, eventName: 'ObjectCreated:Put' });
    expect(outcome).toMatchObject({ kind: 'rejected', date: '2019-02-30', file: 'story.txt' });
    expect(parsed).toEqual([]);
    expect(renderSignal.sent).toEqual([]);
    const report = JSON.parse(content.text('reports/2019-02-30/story.txt.json') ?? '{}') as { status?: string; reason?: string };
    expect(report.reason).toMatch(/2019-02-30 is not a calendar day/);
  });

  it('treats a created event for an object that is gone as a delete', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    const key = `articles/${DATE}/story.txt`;
    await content.put(key, 'Headline\n\nBody.', 'text/plain');
    await ingest({ key, eventName: 'ObjectCreated:Put' });
    await content.delete(key);

    const outcome = await ingest({ key, eventName: 'ObjectCreated:Put' });

    expect(outcome.kind).toBe('deleted');
    expect(content.objects.has(normalizedKey(DATE, 'story.txt'))).toBe(false);
    expect(parsed).toEqual(['story.txt']);
    expect(renderSignal.sent).toEqual([DATE, DATE]);
  });

  it('writes a rejection report outside articles/ and replaces a stale normalized article', async () => {
    const { content, ingest } = setup();
    const key = `articles/${DATE}/story.md`;
    await content.put(key, 'Headline', 'text/markdown');
    await ingest({ key });
    await content.put(key, '', 'text/markdown');

    const outcome = await ingest({ key });

    expect(outcome).toMatchObject({ kind: 'rejected', reportKey: rejectedKey(DATE, 'story.md') });
    expect(JSON.parse(content.text(rejectedKey(DATE, 'story.md')) ?? '{}').reason).toBe('The file is empty.');
    expect(content.objects.has(normalizedKey(DATE, 'story.md'))).toBe(false);
    expect((await content.list('articles/')).map((o) => o.key)).toEqual([key]);
  });

  it('only signals for photos and ignores keys outside articles/<date>/', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    await content.put(`articles/${DATE}/images/p.jpg`, new Uint8Array([1]), 'image/jpeg');

    expect((await ingest({ key: `articles/${DATE}/images/p.jpg` })).kind).toBe('photo');
    expect((await ingest({ key: `normalized/${DATE}/story.txt.json` })).kind).toBe('ignored');
    expect((await ingest({ key: `articles/not-a-date/story.txt` })).kind).toBe('ignored');
    expect((await ingest({ key: `articles/${DATE}/` })).kind).toBe('ignored');

    expect(parsed).toEqual([]);
    expect(renderSignal.sent).toEqual([DATE]);
  });
});

describe('ingestObject and uploads that change while it works', () => {
  /** `content` whose first write under `prefix` waits until `release` is called (an ingest still parsing). */
  function heldAtFirstWrite(content: MemoryObjectStore, prefix: string) {
    let release!: () => void;
    let arrive!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const reached = new Promise<void>((done) => (arrive = done));
    let held = false;
    const store = Object.create(content) as MemoryObjectStore;
    store.put = async (key, body, type) => {
      if (!held && key.startsWith(prefix)) {
        held = true;
        arrive();
        await released;
      }
      return content.put(key, body, type);
    };
    return { store, release, reached };
  }

  const ingestOver = (content: MemoryObjectStore, renderSignal = new MemoryRenderSignal()) =>
    ingestObject({ content, renderSignal, logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), parse: fakeParse });

  it('undoes what it wrote for an upload deleted meanwhile by another ingest (an accepted report of a file that was gone)', async () => {
    const content = new MemoryObjectStore();
    const key = `articles/${DATE}/b.txt`;
    await content.put(key, 'Pulled\n\nBody.', 'text/plain');
    const slow = heldAtFirstWrite(content, 'normalized/');
    const first = ingestOver(slow.store)({ key, eventName: 'ObjectCreated:Put' });
    await slow.reached;
    await content.delete(key);
    expect((await ingestOver(content)({ key, eventName: 'ObjectRemoved:Delete' })).kind).toBe('deleted');
    slow.release();

    expect((await first).kind).toBe('deleted');
    expect([...content.objects.keys()]).toEqual([]);
  });

  it('writes the newer version when another ingest wrote it while this one still held the older', async () => {
    const content = new MemoryObjectStore();
    const key = `articles/${DATE}/story.txt`;
    await content.put(key, 'Older\n\nBody.', 'text/plain');
    const slow = heldAtFirstWrite(content, 'normalized/');
    const first = ingestOver(slow.store)({ key });
    await slow.reached;
    await content.put(key, 'Newer\n\nBody.', 'text/plain');
    await ingestOver(content)({ key });
    slow.release();

    expect(await first).toMatchObject({ kind: 'normalized' });
    expect(headlineOf(content, normalizedKey(DATE, 'story.txt'))).toBe('Newer');
    const etag = (await content.head(key))!.etag;
    expect(JSON.parse(content.text(`reports/${DATE}/story.txt.json`)!).etag).toBe(etag);
  });

  it('reads only the version whose size it judged: one replaced by a 2 MiB file after HeadObject is judged again, not downloaded', async () => {
    const content = new MemoryObjectStore();
    const key = `articles/${DATE}/story.md`;
    await content.put(key, 'Small\n\nBody.', 'text/markdown');
    const head = content.head.bind(content);
    let replaced = false;
    content.head = async (k) => {
      const found = await head(k);
      if (!replaced) {
        replaced = true;
        await content.put(key, new Uint8Array(2 * 1024 * 1024).fill(0x61), 'text/markdown');
      }
      return found;
    };
    const parsed: number[] = [];
    const ingest = ingestObject({ content, renderSignal: new MemoryRenderSignal(), logger: silentLogger, now: () => new Date(), parse: (file, bytes) => (parsed.push(bytes.byteLength), fakeParse(file, bytes)) });

    const outcome = await ingest({ key });

    expect(parsed).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'rejected' });
    expect((JSON.parse(content.text(rejectedKey(DATE, 'story.md'))!) as { reason: string }).reason).toMatch(/the limit for an article file is 1 MiB/);
  });
});

describe('ingestObject and uploads no edition can have', () => {
  it('deletes the report of an upload under an impossible date with the upload', async () => {
    const { content, ingest } = setup();
    const key = 'articles/2019-02-30/story.txt';
    await content.put(key, 'Headline\n\nBody.', 'text/plain');
    await ingest({ key });
    expect(content.objects.has('reports/2019-02-30/story.txt.json')).toBe(true);

    await content.delete(key);
    expect(await ingest({ key, eventName: 'ObjectRemoved:Delete' })).toEqual({ kind: 'ignored', key });
    expect([...content.objects.keys()]).toEqual([]);
  });

  it('reports an upload outside a date folder where the newsroom finds reports, with the date it meant, and asks for no render', async () => {
    const warnings: string[] = [];
    const content = new MemoryObjectStore();
    const renderSignal = new MemoryRenderSignal();
    const ingest = ingestObject({ content, renderSignal, parse: fakeParse, now: () => new Date('2026-03-14T05:00:00Z'), logger: { ...silentLogger, warn: (message) => warnings.push(message) } });
    const reasons: Record<string, string> = {};
    for (const key of ['articles/2026-3-14/story.md', 'articles/14-03-2026/images/p.jpg', 'articles/03-04-2026/story.md', 'articles/2026-03-14story.md']) {
      await content.put(key, 'Headline\n\nBody.', 'text/markdown');
      const reportKey = `reports/${key.slice('articles/'.length)}.json`;
      expect(await ingest({ key })).toEqual({ kind: 'misplaced', key, reportKey });
      reasons[key] = (JSON.parse(content.text(reportKey)!) as { status: string; reason: string }).reason;
    }

    expect(reasons['articles/2026-3-14/story.md']).toMatch(/"2026-3-14" is not a date written YYYY-MM-DD.*articles\/2026-03-14\/$/);
    expect(reasons['articles/14-03-2026/images/p.jpg']).toMatch(/articles\/2026-03-14\/$/);
    // 3 April or 4 March: no guess.
    expect(reasons['articles/03-04-2026/story.md']).toMatch(/articles\/YYYY-MM-DD\//);
    expect(reasons['articles/2026-03-14story.md']).toMatch(/in no date folder/);
    expect(warnings).toEqual(Array(4).fill('upload outside a date folder'));
    expect(renderSignal.sent).toEqual([]);

    // Moved to the right folder: the misplaced copy's report goes with it.
    await content.delete('articles/2026-3-14/story.md');
    expect((await ingest({ key: 'articles/2026-3-14/story.md', eventName: 'ObjectRemoved:Delete' })).kind).toBe('ignored');
    expect(content.objects.has('reports/2026-3-14/story.md.json')).toBe(false);
    // Folder markers and what the operating system writes are no uploads.
    await content.put('articles/2026-3-14/.DS_Store', new Uint8Array(1), 'application/octet-stream');
    expect((await ingest({ key: 'articles/2026-3-14/.DS_Store' })).kind).toBe('ignored');
    expect((await ingest({ key: 'articles/2026-3-14/' })).kind).toBe('ignored');
  });
});

describe('ingestObject and the edition settings', () => {
  it('takes edition.yml and a settings file named in other case for the settings: a render, no report', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    for (const file of ['edition.yml', 'Edition.yaml']) {
      await content.put(`articles/${DATE}/${file}`, 'paper: The Herald\n', 'text/yaml');
      expect(await ingest({ key: `articles/${DATE}/${file}`, eventName: 'ObjectCreated:Put' })).toEqual({ kind: 'config', date: DATE, file });
    }
    expect(parsed).toEqual([]);
    expect(renderSignal.sent).toEqual([DATE, DATE]);
    expect((await content.list('reports/')).map((o) => o.key)).toEqual([]);
  });
});

describe('ingestObject and what the operating system writes', () => {
  it('ignores .DS_Store and a Mac\'s ._ companions: no report, no render', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    for (const file of ['.DS_Store', '._story.txt', 'images/._p.jpg', 'Thumbs.db']) {
      await content.put(`articles/${DATE}/${file}`, new Uint8Array([0, 5, 22, 7]), 'application/octet-stream');
      expect(await ingest({ key: `articles/${DATE}/${file}`, eventName: 'ObjectCreated:Put' })).toEqual({ kind: 'ignored', key: `articles/${DATE}/${file}` });
    }
    expect(parsed).toEqual([]);
    expect(renderSignal.sent).toEqual([]);
    expect((await content.list('reports/')).map((o) => o.key)).toEqual([]);
  });
});

describe('ingestObject and a name too long for the keys made from it', () => {
  it('writes nothing S3 would refuse and asks for a render, which says why; a name one byte shorter is read', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    // 998 bytes (ă is two): its own key (1,018) is one S3 takes, its normalized copy's (1,025) is not.
    const long = `${'ă'.repeat(497)}x.md`;
    expect(new TextEncoder().encode(long).byteLength).toBe(998);
    await content.put(`articles/${DATE}/${long}`, 'A headline\n\nBody.', 'text/plain');
    expect(await ingest({ key: `articles/${DATE}/${long}`, eventName: 'ObjectCreated:Put', sequencer: '01' })).toEqual({ kind: 'rejected', date: DATE, file: long });
    expect(parsed).toEqual([]);
    expect(renderSignal.sent).toEqual([DATE]);
    const fits = `${'a'.repeat(994)}.md`;
    await content.put(`articles/${DATE}/${fits}`, 'A headline\n\nBody.', 'text/plain');
    expect(await ingest({ key: `articles/${DATE}/${fits}`, eventName: 'ObjectCreated:Put' })).toMatchObject({ kind: 'normalized', file: fits });
    expect(content.objects.has(normalizedKey(DATE, fits))).toBe(true);
  });
});

describe('S3 event decoding', () => {
  it('decodes AWS keys once: + is a space, %2B a plus', () => {
    expect(decodeEventKey('articles/2026-03-14/my+story%2B1%C3%A0.md')).toBe('articles/2026-03-14/my story+1à.md');
    expect(decodeEventKey('articles/2026-03-14/a+b.md', false)).toBe('articles/2026-03-14/a+b.md');
  });

  it('reads object events from a notification and none from s3:TestEvent', () => {
    const notification = {
      Records: [
        {
          eventName: 'ObjectRemoved:Delete',
          s3: { bucket: { name: 'content' }, object: { key: 'articles/2026-03-14/a+b.md', sequencer: '0A' } },
        },
      ],
    };
    expect(objectEventsFromNotification(notification)).toEqual([
      { bucket: 'content', key: 'articles/2026-03-14/a b.md', eventName: 'ObjectRemoved:Delete', sequencer: '0A' },
    ]);
    expect(objectEventsFromNotification({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'content' })).toEqual([]);
  });

  it('judges an oversized or foreign upload by HeadObject and never downloads it (issue 12, case 5)', async () => {
    const { content, renderSignal, parsed, ingest } = setup();
    const huge = `articles/${DATE}/huge.md`;
    const video = `articles/${DATE}/clip.mov`;
    await content.put(huge, new Uint8Array(1024 * 1024 + 1), 'text/markdown');
    await content.put(video, new Uint8Array(4096), 'video/quicktime');
    const downloaded: string[] = [];
    const plainGet = content.get.bind(content);
    content.get = async (key, judged) => {
      if (key.startsWith('articles/')) downloaded.push(key);
      return plainGet(key, judged);
    };

    const outcomes = [await ingest({ key: huge, sequencer: '01' }), await ingest({ key: video, sequencer: '02' })];

    // The video is passed over for its kind (81st round: `ignored`, not `rejected`).
    expect(outcomes.map((o) => o.kind)).toEqual(['rejected', 'ignored']);
    expect(downloaded).toEqual([]);
    expect(parsed).toEqual([]);
    expect((JSON.parse(content.text(rejectedKey(DATE, 'huge.md'))!) as { reason: string }).reason).toMatch(/the limit for an article file is 1 MiB/);
    expect((JSON.parse(content.text(rejectedKey(DATE, 'clip.mov'))!) as { reason: string }).reason).toMatch(/not an article/);
    expect(renderSignal.sent).toEqual([DATE, DATE]);
  });

  it('ignores a key whose file name climbs out of its date, so no report is written outside it (issue 12, case 3)', async () => {
    const { content, ingest } = setup();
    const key = `articles/${DATE}/../../../../X.md`;
    await content.put(key, 'Headline\n\nBody.', 'text/plain');

    expect(await ingest({ key, sequencer: '01' })).toEqual({ kind: 'ignored', key });
    expect([...content.objects.keys()]).toEqual([key]);
  });
});
