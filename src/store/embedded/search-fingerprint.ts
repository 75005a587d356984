import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { normalizeText, searchKeys } from '../../domain/names';

/** Names that exercise every rule of src/domain/names.ts. */
const PROBES = [
  'Ṣaydnāyā Prison',
  'سجن صيدنايا',
  'Abdul Rahman al-Assad',
  'عبد الرحمن',
  "Ba'ath ʿAbd ad-Din",
  'Mohammed Hussein, Omar Raqqah',
  'Deir ez-Zor ١٢٣ ۴۵',
  'ß æ œ ø đ þ ł ħ ı',
  'Djamel Chadi Khaled Ghazi Qasim Dhahir',
];

let fingerprint: string | undefined;

/**
 * Identifies the code that derives search data from names: a hash of the
 * names module's file and of its output on probe names. Search data saved in
 * a snapshot is reused only under the same fingerprint, so a change to the
 * normalization rules rebuilds it. When the module's file cannot be read the
 * fingerprint is unique to this process, and saved data is never reused.
 */
export function searchFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    try {
      hash.update(fs.readFileSync(require.resolve('../../domain/names')));
    } catch {
      hash.update(randomUUID());
    }
    hash.update(JSON.stringify(PROBES.map((name) => [normalizeText(name), searchKeys([name])])));
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}
