import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AuditContext, hashRecord } from '../../src/domain/audit';
import { verifyAuditTrail } from '../../src/app/audit/audit.service';
import { EmbeddedStore, JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/store/embedded/embedded.store';
import { embeddedDirs } from '../support/embedded-dirs';
import { Fixtures } from '../support/fixtures';

/*
 * The embedded store's audit trail on disk: records travel in the journal
 * line of their write and in snapshots, are replayed as written, and an edit
 * made to them by hand is named by verification. Stores written before the
 * audit trail still open.
 */

const AT = '2026-04-03T00:00:00.000Z';
const CONTEXT: AuditContext = { actor: { subject: 'editor', role: 'ANALYST' }, reason: null, at: AT };

const { tmpDir, openStore, crash, track } = embeddedDirs('athar-embedded-audit');

/** Five writes: records 1..5. */
async function writeSome(store: EmbeddedStore, f: Fixtures) {
  const person = f.entity({ name: 'Original Name' });
  await store.createEntity(person, CONTEXT);
  for (let i = 1; i <= 4; i += 1) {
    await store.updateEntity({ ...person, description: `edit ${i}`, updatedAt: AT }, CONTEXT);
  }
  return person;
}

function journalFile(dataDir: string): string {
  return path.join(dataDir, JOURNAL_FILE);
}

/** Rewrites one journal line through JSON, as someone editing it by hand with a JSON tool would. */
function editJournalLine(dataDir: string, index: number, edit: (line: Record<string, any>) => void): void {
  const lines = fs.readFileSync(journalFile(dataDir), 'utf8').split('\n');
  const line = JSON.parse(lines[index]!) as Record<string, any>;
  edit(line);
  lines[index] = JSON.stringify(line);
  fs.writeFileSync(journalFile(dataDir), lines.join('\n'));
}

/** Replaces the snapshot's sha256 trailer with a correct one, as a careful forger would. */
function resealSnapshot(text: string): string {
  const lines = text.split('\n');
  const trailerAt = lines.findIndex((l) => l.startsWith('"sha256":'));
  const body = lines
    .slice(0, trailerAt)
    .map((l) => `${l}\n`)
    .join('');
  const sha = createHash('sha256').update(body, 'utf8').digest('hex');
  return `${body}"sha256":"${sha}"}\n`;
}

describe('embedded audit trail on disk', () => {
  it('journals each record in its write line, outside the line checksum, and replays it as written', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    const person = await writeSome(store, new Fixtures());
    const written = await store.getAudit(0, 100);
    expect(written.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const lines = fs.readFileSync(journalFile(dataDir), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => (JSON.parse(l) as { audit: { seq: number } }).audit.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(lines[0]).toMatch(
      /^\{"seq":1,"op":"createEntity","sha256":"[0-9a-f]{64}","versions":1,"data":\{.*\},"audit":\{.*\}\}$/,
    );
    crash(dataDir);

    const reopened = await openStore(dataDir);
    expect(await reopened.getAudit(0, 100)).toEqual(written);
    expect((await reopened.getAuditOf([person.id]))[0]).toEqual(written);
    expect(await verifyAuditTrail(reopened)).toMatchObject({ ok: true, count: 5, headSeq: 5 });
  });

  it('names a record whose journaled after-state was edited by hand, and still opens', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await writeSome(store, new Fixtures());
    crash(dataDir);
    editJournalLine(dataDir, 2, (line) => {
      line.audit.after.entities[0].name = 'Someone Else';
    });

    const reopened = await openStore(dataDir);
    expect(await verifyAuditTrail(reopened)).toMatchObject({
      ok: false,
      count: 2,
      firstBadSeq: 3,
      reason: 'hash mismatch',
    });
    // The data itself is the journal's, checked by the line's own checksum: unchanged.
    expect((await reopened.getAudit(2, 1))[0]!.after.entities[0]!.name).toBe('Someone Else');
  });

  it('names the record after one that was edited and given a fresh hash', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await writeSome(store, new Fixtures());
    crash(dataDir);
    editJournalLine(dataDir, 1, (line) => {
      line.audit.actor.subject = 'someone-else';
      line.audit.hash = hashRecord(line.audit);
    });

    const reopened = await openStore(dataDir);
    expect(await verifyAuditTrail(reopened)).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'broken link' });
  });

  it('refuses a hand-edited snapshot, and names the record when the snapshot was resealed', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await writeSome(store, new Fixtures());
    await store.close();
    const snapshotFile = path.join(dataDir, SNAPSHOT_FILE);
    const text = fs.readFileSync(snapshotFile, 'utf8');
    expect(fs.readFileSync(journalFile(dataDir), 'utf8')).toBe('');
    const auditLines = text.split('\n').filter((l) => l.startsWith('{"seq":'));
    expect(auditLines).toHaveLength(5);
    const edited = text.replace(auditLines[3]!, auditLines[3]!.replace('"edit 3"', '"edit three"'));
    expect(edited).not.toBe(text);

    fs.writeFileSync(snapshotFile, edited);
    await expect(new EmbeddedStore({ dataDir }).init()).rejects.toThrow(/snapshot .* is damaged .*hash mismatch/);

    fs.writeFileSync(snapshotFile, resealSnapshot(edited));
    const reopened = await openStore(dataDir);
    expect(await verifyAuditTrail(reopened)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'hash mismatch' });
  });

  it('opens a journal and a snapshot written before the audit trail, and starts the chain at the next write', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    const old = await writeSome(store, f);
    await store.close();
    // The snapshot as version 1 wrote it: no audit section, no audit count.
    const snapshotFile = path.join(dataDir, SNAPSHOT_FILE);
    const v2 = fs.readFileSync(snapshotFile, 'utf8');
    const lines = v2.split('\n');
    const header = JSON.parse(`${lines[0]!.slice(0, -1)}}`) as Record<string, unknown>;
    delete header.audit;
    header.version = 1;
    const auditStart = lines.indexOf('"audit":[');
    const trailer = lines.findIndex((l) => l.startsWith('"sha256":'));
    const v1Lines = [`${JSON.stringify(header).slice(0, -1)},`, ...lines.slice(1, auditStart), ...lines.slice(trailer)];
    fs.writeFileSync(snapshotFile, resealSnapshot(v1Lines.join('\n')));
    // And journal lines as they were before: no audit part.
    const later = f.entity({ name: 'Journaled before the audit trail' });
    const older = new EmbeddedStore({ dataDir });
    await older.init();
    track(older);
    expect(await older.getAudit(0, 10)).toEqual([]);
    await older.createEntity(later);
    crash(dataDir);
    editJournalLine(dataDir, 0, (line) => {
      delete line.audit;
    });

    const reopened = await openStore(dataDir);
    expect(await reopened.getEntities([old.id, later.id])).toEqual([
      expect.objectContaining({ description: 'edit 4' }),
      later,
    ]);
    expect(await reopened.auditHead()).toEqual({ seq: 0, hash: '0'.repeat(64) });
    await reopened.updateEntity({ ...later, description: 'audited now' }, CONTEXT);
    expect(await reopened.getAudit(0, 10)).toEqual([
      expect.objectContaining({
        seq: 1,
        operation: 'updateEntity',
        before: expect.objectContaining({ entities: [later] }),
      }),
    ]);
    expect(await verifyAuditTrail(reopened)).toMatchObject({ ok: true, count: 1 });
  });
});
