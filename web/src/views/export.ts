import { credentialHint, downloadExport, getCredential, gql } from '../api';
import { append, bdi, h, replace } from '../dom';
import { bytesText } from '../format';
import { EXPORT, type EntityRef, type ExportData } from '../queries';
import { getAsOf } from '../state';
import { errorBox } from '../ui';

/** Whether to offer the export: the token names LEGAL or ADMIN, or the credential does not say (an API key). */
export function mayOfferExport(): boolean {
  const credential = getCredential();
  if (!credential) return false;
  const { role } = credentialHint(credential);
  return role === null || role === 'LEGAL' || role === 'ADMIN';
}

/** Saves a blob under a file name, through a temporary object URL. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function downloadButton(label: string, url: string, fileName: string, status: HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'download', 'data-url': url }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    replace(status, h('span', { role: 'status' }, `Downloading ${fileName}…`));
    downloadExport(url).then(
      (blob) => {
        save(blob, fileName);
        replace(status, h('span', { role: 'status' }, `Downloaded ${fileName} (${bytesText(blob.size)}).`));
        button.disabled = false;
      },
      (error: unknown) => {
        replace(status, errorBox([error]));
        button.disabled = false;
      },
    );
  });
  return button;
}

/** LEGAL and ADMIN: renders a case file about the entity, then offers it for download. */
export function exportPanel(entity: EntityRef): HTMLElement {
  const format = h(
    'select',
    { id: 'export-format', name: 'format' },
    ['HTML', 'PDF', 'MARKDOWN', 'JSON'].map((f) => h('option', { value: f }, f === 'MARKDOWN' ? 'Markdown' : f)),
  );
  const profile = h(
    'select',
    { id: 'export-profile', name: 'profile' },
    [
      ['LEGAL', 'Legal (everything you may read)'],
      ['ANALYST', 'Analyst (restricted and below)'],
      ['PUBLIC', 'Public (for publication: pseudonyms)'],
    ].map(([value, label]) => h('option', { value }, label)),
  );
  const submit = h('button', { type: 'submit' }, 'Export case file');
  const result = h('div', { class: 'export-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'export-form' },
    h('label', { for: 'export-format' }, 'Format'),
    format,
    h('label', { for: 'export-profile' }, 'Profile'),
    profile,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const asOf = getAsOf();
    replace(result, h('p', { role: 'status' }, 'Rendering the case file…'));
    gql<ExportData>(EXPORT, { entityId: entity.id, format: format.value, profile: profile.value, asOf }).then(
      ({ data, errors }) => {
        submit.disabled = false;
        replace(result);
        if (errors.length) append(result, errorBox(errors));
        const made = data?.exportCaseFile;
        if (!made) return;
        const status = h('p', { class: 'download-status' });
        append(
          result,
          h(
            'p',
            { class: 'export-made' },
            'Exported ',
            h('code', null, made.fileName),
            ` (${bytesText(made.size)})`,
            asOf ? ` as the graph stood on ${asOf}` : null,
            '. Manifest sha256 ',
            h('code', { class: 'hash' }, made.manifestSha256),
            '.',
          ),
          h(
            'p',
            { class: 'export-links' },
            downloadButton(`Download ${made.fileName}`, made.url, made.fileName, status),
            ' ',
            downloadButton('Download the manifest', made.manifestUrl, `${made.fileName}.manifest.json`, status),
          ),
          status,
        );
      },
    );
  });
  return h(
    'section',
    { class: 'export', 'aria-labelledby': 'export-heading' },
    h('h2', { id: 'export-heading' }, 'Case file'),
    h(
      'p',
      { class: 'muted' },
      'Legal team and admins: a case file about ',
      bdi(entity.name),
      ', with its manifest, recorded in the audit trail. The download uses your credential.',
    ),
    form,
    result,
  );
}
